import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import type { Service } from "../../api/types";
import { BackLink } from "../../components/BackLink";
import { DetailList } from "../../components/DetailList";
import { NoValue } from "../../components/NoValue";
import { PageTitle } from "../../components/PageTitle";
import { QueryContent } from "../../components/QueryContent";
import { useFormat } from "../../i18n/format";
import { useMyService } from "./api";
import { ServiceStatusBadge } from "./ServiceStatusBadge";

function serviceTitle(service: Service): string {
  return service.label === null ? service.productName : `${service.productName} – ${service.label}`;
}

export function ServiceDetailPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { id = "" } = useParams();
  const service = useMyService(id);

  return (
    <>
      <BackLink to="/services">{t("services.back")}</BackLink>
      <PageTitle>{service.data ? serviceTitle(service.data) : t("services.detailTitle")}</PageTitle>
      <QueryContent query={service}>
        {(data) => (
          <DetailList
            items={[
              { label: t("services.product"), value: data.productName },
              { label: t("services.kind"), value: t(`services.productKind.${data.productKind}`) },
              { label: t("services.label"), value: data.label ?? <NoValue /> },
              { label: t("services.state"), value: <ServiceStatusBadge status={data.status} /> },
              {
                label: t("services.billingCycle"),
                value: t(`services.cycle.${data.billingCycle}`),
              },
              { label: t("services.price"), value: format.money(data.price) },
              {
                label: t("services.nextDueDate"),
                value: data.nextDueDate === null ? <NoValue /> : format.date(data.nextDueDate),
              },
            ]}
          />
        )}
      </QueryContent>
    </>
  );
}
