import { Title } from "@mantine/core";
import { useDocumentTitle } from "@mantine/hooks";
import { useTranslation } from "react-i18next";

/** The page's single h1; also names the browser tab. */
export function PageTitle({ children }: { children: string }) {
  const { t } = useTranslation();
  useDocumentTitle(t("app.documentTitle", { page: children }));
  return (
    <Title order={1} size="h2" mb="md">
      {children}
    </Title>
  );
}
