import { Anchor, EmptyState, Group, NativeSelect, Stack, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { LoadMore } from "../../components/LoadMore";
import { NoValue } from "../../components/NoValue";
import { PageTitle } from "../../components/PageTitle";
import { QueryContent } from "../../components/QueryContent";
import { ResponsiveTable, type Column } from "../../components/ResponsiveTable";
import { useUpdateSearchParams } from "../../components/useUpdateSearchParams";
import { useFormat } from "../../i18n/format";
import type { StaffService } from "../order/types";
import { ServiceStatusBadge } from "../services/ServiceStatusBadge";
import { useStaffServices } from "./api";
import { StaffServiceActions } from "./StaffServiceActions";
import { SERVICE_STATUSES, isServiceStatus } from "./transitions";

const SEARCH_DELAY_MS = 300;

/** /staff/services: every customer's services, by state or search, with the staff actions. */
export function StaffServicesPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [params, updateParams] = useUpdateSearchParams();
  const statusParam = params.get("status");
  const status = isServiceStatus(statusParam) ? statusParam : null;
  const [search, setSearch] = useState(params.get("q") ?? "");
  const [debounced] = useDebouncedValue(search.trim(), SEARCH_DELAY_MS);
  const services = useStaffServices({ status, q: debounced });

  const columns: Column<StaffService>[] = [
    {
      header: t("lifecycle.services.service"),
      cell: (service) => (
        <span>
          {service.product}
          {service.name !== null && (
            <Text span size="sm" c="dimmed" display="block" translate="no">
              {service.name}
            </Text>
          )}
        </span>
      ),
    },
    {
      header: t("lifecycle.customer"),
      cell: (service) => (
        <Anchor component={Link} to={`/staff/customers/${encodeURIComponent(service.customerId)}`}>
          {service.customerName}
        </Anchor>
      ),
    },
    {
      header: t("services.state"),
      cell: (service) => (
        <Stack gap={4} align="flex-start">
          <ServiceStatusBadge status={service.status} />
          {service.cancelEffectiveDate !== null && (
            <Text size="sm">
              {t("services.changes.cancellation", {
                date: format.date(service.cancelEffectiveDate),
              })}
            </Text>
          )}
        </Stack>
      ),
    },
    {
      header: t("services.billingCycle"),
      cell: (service) => t(`services.cycle.${service.billingCycle}`),
    },
    {
      header: t("services.price"),
      numeric: true,
      nowrap: true,
      cell: (service) => format.money(service.price),
    },
    {
      header: t("services.nextDueDate"),
      nowrap: true,
      cell: (service) =>
        service.nextDueDate === null ? <NoValue /> : format.date(service.nextDueDate),
    },
    {
      header: t("lifecycle.services.actions"),
      cell: (service) => <StaffServiceActions service={service} />,
    },
  ];

  return (
    <>
      <PageTitle>{t("lifecycle.services.title")}</PageTitle>
      <Group align="flex-end" mb="md" wrap="wrap">
        <NativeSelect
          label={t("services.state")}
          value={status ?? ""}
          onChange={(event) => {
            const next = event.currentTarget.value;
            updateParams((current) => {
              if (isServiceStatus(next)) current.set("status", next);
              else current.delete("status");
              return current;
            });
          }}
          data={[
            { value: "", label: t("lifecycle.allStates") },
            ...SERVICE_STATUSES.map((value) => ({
              value,
              label: t(`services.status.${value}`),
            })),
          ]}
        />
        <TextInput
          type="search"
          label={t("lifecycle.services.search")}
          description={t("lifecycle.services.searchHint")}
          value={search}
          onChange={(event) => {
            const next = event.currentTarget.value;
            setSearch(next);
            updateParams((current) => {
              if (next.trim() === "") current.delete("q");
              else current.set("q", next.trim());
              return current;
            });
          }}
          style={{ flex: "1 1 16rem" }}
          maw={480}
        />
      </Group>
      <QueryContent query={services}>
        {({ pages }) => {
          const items = pages.flatMap((page) => page.items);
          return items.length === 0 ? (
            <EmptyState title={t("lifecycle.services.empty")} />
          ) : (
            <>
              <ResponsiveTable
                label={t("lifecycle.services.tableLabel")}
                rows={items}
                rowKey={(service) => service.id}
                columns={columns}
              />
              <LoadMore query={services} />
            </>
          );
        }}
      </QueryContent>
    </>
  );
}
