import { Button, EmptyState, Group } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { PageTitle } from "../../components/PageTitle";
import { QueryContent } from "../../components/QueryContent";
import { CurrentNotices } from "../notices/CurrentNotices";
import { useMyServices } from "./api";
import { ServiceTable } from "./ServiceTable";

export function ServicesPage() {
  const { t } = useTranslation();
  const services = useMyServices();
  return (
    <>
      <PageTitle>{t("services.title")}</PageTitle>
      <CurrentNotices />
      <Group mb="md">
        <Button component={Link} to="/order">
          {t("services.orderNew")}
        </Button>
      </Group>
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
