import { VisuallyHidden } from "@mantine/core";
import { useTranslation } from "react-i18next";

/** Placeholder for an empty field: a dash on screen, "none" for screen readers. */
export function NoValue() {
  const { t } = useTranslation();
  return (
    <>
      <span aria-hidden="true">–</span>
      <VisuallyHidden>{t("common.none")}</VisuallyHidden>
    </>
  );
}
