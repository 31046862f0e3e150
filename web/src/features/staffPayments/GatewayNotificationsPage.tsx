import { Button, Checkbox, EmptyState, Group, Text } from "@mantine/core";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import type { GatewayNotification } from "../../api/types";
import { BackLink } from "../../components/BackLink";
import { LoadMore } from "../../components/LoadMore";
import { NoValue } from "../../components/NoValue";
import { PageTitle } from "../../components/PageTitle";
import { QueryContent } from "../../components/QueryContent";
import { ResponsiveTable, type Column } from "../../components/ResponsiveTable";
import { StatusBadge } from "../../components/StatusBadge";
import { useFormat } from "../../i18n/format";
import { FlagBadge, gatewayLabel } from "../payments/labels";
import { useGatewayNotifications } from "./api";

const OUTCOMES = [
  "applied",
  "status_updated",
  "duplicate",
  "out_of_order",
  "unknown_checkout",
  "ignored",
  "bad_signature",
] as const;

function isOutcome(value: string): value is (typeof OUTCOMES)[number] {
  return OUTCOMES.some((known) => known === value);
}

function outcomeLabel(t: TFunction, outcome: string): string {
  return isOutcome(outcome) ? t(`payments.notifications.outcomes.${outcome}`) : outcome;
}

/**
 * /staff/gateway-notifications — what the card gateways sent, as received, and what Kapu made of
 * it; the flagged ones (bad signature, unknown payment, …) unless all are asked for.
 */
export function GatewayNotificationsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [searchParams, setSearchParams] = useSearchParams();
  const all = searchParams.get("all") === "true";
  const notifications = useGatewayNotifications(!all);

  const columns: Column<GatewayNotification>[] = [
    {
      header: t("payments.notifications.receivedAt"),
      cell: (row) => format.dateTime(row.receivedAt),
      nowrap: true,
    },
    {
      header: t("payments.notifications.gateway"),
      cell: (row) => gatewayLabel(t, { name: row.gateway }),
    },
    {
      header: t("payments.notifications.signature"),
      cell: (row) =>
        row.signatureOk ? (
          <StatusBadge tone="success">{t("payments.notifications.signatureOk")}</StatusBadge>
        ) : (
          <StatusBadge tone="danger">{t("payments.notifications.signatureBad")}</StatusBadge>
        ),
      nowrap: true,
    },
    { header: t("payments.notifications.outcome"), cell: (row) => outcomeLabel(t, row.outcome) },
    {
      header: t("payments.notifications.reference"),
      cell: (row) =>
        row.gatewayRef === null && row.checkoutId === null ? (
          <NoValue />
        ) : (
          <Text size="sm" translate="no" style={{ overflowWrap: "anywhere" }}>
            {[row.checkoutId, row.gatewayRef, row.eventId]
              .filter((part) => part !== null)
              .join(" · ")}
          </Text>
        ),
    },
    {
      header: t("payments.flag"),
      cell: (row) => (row.flag === null ? <NoValue /> : <FlagBadge flag={row.flag} />),
    },
  ];

  return (
    <>
      <BackLink to="/staff/payments">{t("payments.staff.back")}</BackLink>
      <PageTitle>{t("payments.notifications.title")}</PageTitle>
      <Text mb="md">{t("payments.notifications.intro")}</Text>
      <Group mb="md" align="center">
        <Checkbox
          label={t("payments.notifications.flaggedOnly")}
          checked={!all}
          onChange={(event) => {
            setSearchParams(event.currentTarget.checked ? {} : { all: "true" }, { replace: true });
          }}
        />
        <Button
          variant="default"
          loading={notifications.isFetching}
          onClick={() => void notifications.refetch()}
        >
          {t("common.refresh")}
        </Button>
      </Group>
      <QueryContent query={notifications}>
        {({ pages }) => {
          const items = pages.flatMap((page) => page.items);
          return items.length === 0 ? (
            <EmptyState
              title={
                all ? t("payments.notifications.empty") : t("payments.notifications.noneFlagged")
              }
            />
          ) : (
            <>
              <ResponsiveTable
                label={t("payments.notifications.tableLabel")}
                rows={items}
                rowKey={(row) => row.id}
                columns={columns}
              />
              <LoadMore query={notifications} />
            </>
          );
        }}
      </QueryContent>
    </>
  );
}
