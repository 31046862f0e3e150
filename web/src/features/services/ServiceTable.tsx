import { Anchor, Button, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { Service } from "../../api/types";
import { NoValue } from "../../components/NoValue";
import { ResponsiveTable, type Column } from "../../components/ResponsiveTable";
import { useFormat } from "../../i18n/format";
import { ServiceStatusBadge } from "./ServiceStatusBadge";
import { renewPath, serviceName } from "./serviceText";

/** A service as the customer list and the staff customer page send it. */
export type ServiceRow = Service;

interface ServiceTableProps {
  services: readonly ServiceRow[];
  /** Link each product name to /services/:id (the customer's own detail page), offer Renew. */
  linked: boolean;
}

/** What is about to change: a pending cancellation, a new billing cycle from the next period. */
export function ServiceChanges({ service }: { service: ServiceRow }) {
  const { t } = useTranslation();
  const format = useFormat();
  const lines: string[] = [];
  if (service.cancelEffectiveDate) {
    lines.push(
      t("services.changes.cancellation", { date: format.date(service.cancelEffectiveDate) }),
    );
  }
  if (service.nextCycle && service.nextCycle !== service.billingCycle) {
    lines.push(
      service.nextDueDate === null
        ? t("services.changes.cycleNext", { cycle: t(`services.cycle.${service.nextCycle}`) })
        : t("services.changes.cycle", {
            cycle: t(`services.cycle.${service.nextCycle}`),
            date: format.date(service.nextDueDate),
          }),
    );
  }
  if (lines.length === 0) return null;
  return (
    <>
      {lines.map((line) => (
        <Text key={line} size="sm">
          {line}
        </Text>
      ))}
    </>
  );
}

export function ServiceTable({ services, linked }: ServiceTableProps) {
  const { t } = useTranslation();
  const format = useFormat();

  // A pending service's open document is its order's proforma: paying it starts the service.
  const payLabel = (service: ServiceRow) =>
    service.status === "pending" ? t("services.pay") : t("services.renew");

  const columns: Column<ServiceRow>[] = [
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
    {
      header: t("services.label"),
      cell: (service) => service.label ?? service.domain ?? <NoValue />,
    },
    {
      header: t("services.state"),
      cell: (service) => (
        <Stack gap={4} align="flex-start">
          <ServiceStatusBadge status={service.status} />
          <ServiceChanges service={service} />
        </Stack>
      ),
    },
    {
      header: t("services.billingCycle"),
      cell: (service) => t(`services.cycle.${service.billingCycle}`),
    },
    { header: t("services.price"), cell: (service) => format.money(service.price), numeric: true },
    {
      header: t("services.nextDueDate"),
      nowrap: true,
      cell: (service) =>
        service.nextDueDate === null ? <NoValue /> : format.date(service.nextDueDate),
    },
  ];
  if (linked && services.some((service) => service.renewalDocumentId)) {
    columns.push({
      header: t("services.renewal"),
      cell: (service) =>
        service.renewalDocumentId ? (
          <Button
            component={Link}
            to={renewPath(service.renewalDocumentId)}
            size="compact-sm"
            aria-label={`${payLabel(service)}: ${serviceName(service)}`}
          >
            {payLabel(service)}
          </Button>
        ) : (
          <NoValue />
        ),
    });
  }

  return (
    <ResponsiveTable
      label={t("services.tableLabel")}
      rows={services}
      rowKey={(service) => service.id}
      columns={columns}
    />
  );
}
