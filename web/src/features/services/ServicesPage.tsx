import { EmptyState } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { PageTitle } from "../../components/PageTitle";
import { QueryContent } from "../../components/QueryContent";
import { useMyServices } from "./api";
import { ServiceTable } from "./ServiceTable";

export function ServicesPage() {
  const { t } = useTranslation();
  const services = useMyServices();
  return (
    <>
      <PageTitle>{t("services.title")}</PageTitle>
      <QueryContent query={services}>
        {({ items }) =>
          items.length === 0 ? (
            <EmptyState title={t("services.empty")} description={t("services.emptyHint")} />
          ) : (
            <ServiceTable services={items} linked />
          )
        }
      </QueryContent>
    </>
  );
}
