import { Anchor, Button, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { NoValue } from "../../components/NoValue";
import { ResponsiveTable, type Column } from "../../components/ResponsiveTable";
import { Section } from "../../components/Section";
import { StatusBadge, type Tone } from "../../components/StatusBadge";
import { useFormat } from "../../i18n/format";
import { payPath } from "../payments/payable";
import { useMyOrders } from "./api";
import type { OrderSummary } from "./types";

const TONES: Record<OrderSummary["status"], Tone> = {
  awaiting_payment: "warning",
  paid: "success",
  cancelled: "neutral",
};

/** The customer's earlier orders, with a way to pay the ones still waiting; none: nothing. */
export function MyOrders() {
  const { t } = useTranslation();
  const format = useFormat();
  const orders = useMyOrders();
  const items = orders.data?.items ?? [];
  if (items.length === 0) return null;

  const columns: Column<OrderSummary>[] = [
    {
      header: t("order.mine.document"),
      cell: (order) => (
        <Anchor component={Link} to={`/finances/documents/${encodeURIComponent(order.documentId)}`}>
          {order.documentNumber}
        </Anchor>
      ),
    },
    { header: t("order.mine.date"), cell: (order) => format.dateTime(order.createdAt) },
    {
      header: t("order.mine.items"),
      cell: (order) =>
        order.items.length === 0 ? (
          <NoValue />
        ) : (
          order.items.map((item) => (
            <Text key={item.serviceId} size="sm">
              {item.name === null ? item.product : `${item.product} – ${item.name}`}
            </Text>
          ))
        ),
    },
    {
      header: t("order.mine.total"),
      numeric: true,
      nowrap: true,
      cell: (order) => format.money(order.total),
    },
    {
      header: t("order.mine.status"),
      cell: (order) => (
        <StatusBadge tone={TONES[order.status]}>
          {t(`order.mine.statuses.${order.status}`)}
        </StatusBadge>
      ),
    },
    {
      header: t("order.mine.pay"),
      cell: (order) =>
        order.status === "awaiting_payment" ? (
          <Button
            component={Link}
            to={payPath([order.documentId])}
            size="compact-sm"
            aria-label={`${t("order.mine.payButton")}: ${order.documentNumber}`}
          >
            {t("order.mine.payButton")}
          </Button>
        ) : (
          <NoValue />
        ),
    },
  ];

  return (
    <Section title={t("order.mine.title")}>
      <ResponsiveTable
        label={t("order.mine.title")}
        rows={items.slice(0, 10)}
        rowKey={(order) => order.id}
        columns={columns}
      />
    </Section>
  );
}
