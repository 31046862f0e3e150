import {
  Anchor,
  Box,
  Button,
  Checkbox,
  EmptyState,
  Group,
  NativeSelect,
  SimpleGrid,
  Text,
} from "@mantine/core";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { PaymentMethod, StaffPayment } from "../../api/types";
import { LoadMore } from "../../components/LoadMore";
import { NoValue } from "../../components/NoValue";
import { PageTitle } from "../../components/PageTitle";
import { QueryContent } from "../../components/QueryContent";
import { ResponsiveTable, type Column } from "../../components/ResponsiveTable";
import { useUpdateSearchParams } from "../../components/useUpdateSearchParams";
import { useFormat } from "../../i18n/format";
import { AllocatedDocuments } from "../payments/AllocatedDocuments";
import { FlagBadge, gatewayLabel } from "../payments/labels";
import { CustomerPicker } from "../staff/CustomerPicker";
import { useStaffPayments, type StaffPaymentFilter } from "./api";

export const PAYMENT_METHODS = [
  "card",
  "transfer",
  "cash",
  "other",
] as const satisfies readonly PaymentMethod[];

function isPaymentMethod(value: string | null): value is PaymentMethod {
  return PAYMENT_METHODS.some((method) => method === value);
}

function readFilter(params: URLSearchParams): StaffPaymentFilter {
  const method = params.get("method");
  return {
    method: isPaymentMethod(method) ? method : null,
    flagged: params.get("flagged") === "true",
    customerId: params.get("customerId"),
  };
}

/** "Bank statement", "Card · Szimulátor", "Recorded by staff". */
export function sourceLabel(
  t: TFunction,
  payment: { source: StaffPayment["source"]; gateway: string | null },
): string {
  const source = t(`payments.source.${payment.source}`);
  return payment.gateway === null
    ? source
    : `${source} · ${gatewayLabel(t, { name: payment.gateway })}`;
}

/** /staff/payments — every payment received, with filters; a payment's page has its refunds. */
export function StaffPaymentsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [searchParams, updateSearchParams] = useUpdateSearchParams();
  const filter = readFilter(searchParams);
  const payments = useStaffPayments(filter);

  const set = (key: string, value: string | null) => {
    updateSearchParams((previous) => {
      const next = new URLSearchParams(previous);
      if (value === null || value === "") next.delete(key);
      else next.set(key, value);
      return next;
    });
  };
  const anyFilter = filter.method !== null || filter.flagged || filter.customerId !== null;

  const columns: Column<StaffPayment>[] = [
    {
      header: t("payments.receivedOn"),
      cell: (payment) => (
        <Anchor component={Link} to={`/staff/payments/${encodeURIComponent(payment.id)}`}>
          {format.date(payment.receivedOn)}
        </Anchor>
      ),
      nowrap: true,
    },
    {
      header: t("payments.customer"),
      cell: (payment) => (
        <>
          <Anchor
            component={Link}
            to={`/staff/customers/${encodeURIComponent(payment.customer.id)}`}
          >
            {payment.customer.name}
          </Anchor>
          <Text size="sm" c="dimmed">
            {payment.customer.code}
          </Text>
        </>
      ),
    },
    {
      header: t("payments.amount"),
      cell: (payment) => format.money(payment.amount),
      numeric: true,
      nowrap: true,
    },
    {
      header: t("payments.methodLabel"),
      cell: (payment) => t(`invoices.paymentMethods.${payment.method}`),
    },
    { header: t("payments.sourceLabel"), cell: (payment) => sourceLabel(t, payment) },
    {
      header: t("payments.paidDocuments"),
      cell: (payment) => (
        <AllocatedDocuments
          allocations={payment.allocations}
          documentPath={(id) => `/staff/documents/${encodeURIComponent(id)}`}
        />
      ),
    },
    {
      header: t("payments.flag"),
      cell: (payment) => (payment.flag === null ? <NoValue /> : <FlagBadge flag={payment.flag} />),
    },
  ];

  return (
    <>
      <PageTitle>{t("payments.staff.title")}</PageTitle>
      <Group mb="md" gap="sm">
        <Button component={Link} to="/staff/payments/new">
          {t("payments.staff.new")}
        </Button>
        <Button component={Link} to="/staff/gateway-notifications" variant="default">
          {t("payments.notifications.title")}
        </Button>
      </Group>
      <Box
        component="form"
        role="search"
        aria-label={t("payments.staff.filter")}
        mb="md"
        onSubmit={(event) => {
          event.preventDefault();
        }}
      >
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <CustomerPicker
            label={t("payments.customer")}
            value={filter.customerId}
            onChange={(id) => {
              set("customerId", id);
            }}
            clearable
          />
          <NativeSelect
            label={t("payments.methodLabel")}
            value={filter.method ?? ""}
            onChange={(event) => {
              set("method", event.currentTarget.value);
            }}
            data={[
              { value: "", label: t("payments.staff.allMethods") },
              ...PAYMENT_METHODS.map((method) => ({
                value: method,
                label: t(`invoices.paymentMethods.${method}`),
              })),
            ]}
          />
          <Checkbox
            mt={{ base: 0, sm: 32 }}
            label={t("payments.staff.flaggedOnly")}
            checked={filter.flagged}
            onChange={(event) => {
              set("flagged", event.currentTarget.checked ? "true" : null);
            }}
          />
        </SimpleGrid>
        {anyFilter && (
          <Button
            variant="subtle"
            size="compact-sm"
            mt="xs"
            onClick={() => {
              updateSearchParams(() => new URLSearchParams());
            }}
          >
            {t("invoices.filter.clear")}
          </Button>
        )}
      </Box>
      <QueryContent query={payments}>
        {({ pages }) => {
          const items = pages.flatMap((page) => page.items);
          return (
            <>
              <Text size="sm" c="dimmed" mb="sm" aria-live="polite">
                {t("payments.staff.shown", { count: items.length })}
              </Text>
              {items.length === 0 ? (
                <EmptyState title={t("payments.staff.empty")} />
              ) : (
                <ResponsiveTable
                  label={t("payments.staff.tableLabel")}
                  rows={items}
                  rowKey={(payment) => payment.id}
                  columns={columns}
                />
              )}
              <LoadMore query={payments} />
            </>
          );
        }}
      </QueryContent>
    </>
  );
}
