import { Anchor } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Service } from "../../api/types";
import { NoValue } from "../../components/NoValue";
import { ResponsiveTable, type Column } from "../../components/ResponsiveTable";
import { useFormat } from "../../i18n/format";
import { ServiceStatusBadge } from "./ServiceStatusBadge";

interface ServiceTableProps {
  services: readonly Service[];
  /** Link each product name to /services/:id (the customer's own detail page). */
  linked: boolean;
}

export function ServiceTable({ services, linked }: ServiceTableProps) {
  const { t } = useTranslation();
  const format = useFormat();

  const columns: Column<Service>[] = [
    {
      header: t("services.product"),
      cell: (service) =>
        linked ? (
          <Anchor component={Link} to={`/services/${encodeURIComponent(service.id)}`}>
            {service.productName}
          </Anchor>
        ) : (
          service.productName
        ),
    },
    { header: t("services.label"), cell: (service) => service.label ?? <NoValue /> },
    {
      header: t("services.state"),
      cell: (service) => <ServiceStatusBadge status={service.status} />,
    },
    {
      header: t("services.billingCycle"),
      cell: (service) => t(`services.cycle.${service.billingCycle}`),
    },
    { header: t("services.price"), cell: (service) => format.money(service.price), numeric: true },
    {
      header: t("services.nextDueDate"),
      cell: (service) =>
        service.nextDueDate === null ? <NoValue /> : format.date(service.nextDueDate),
    },
  ];

  return (
    <ResponsiveTable
      label={t("services.tableLabel")}
      rows={services}
      rowKey={(service) => service.id}
      columns={columns}
    />
  );
}
