import { Anchor, List, Text } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { PaymentAllocation, PaymentDetail, PaymentRefund } from "../../api/types";
import { DetailList } from "../../components/DetailList";
import { NoValue } from "../../components/NoValue";
import { ResponsiveTable, type Column } from "../../components/ResponsiveTable";
import { useFormat } from "../../i18n/format";
import { isZero } from "../invoices/money";
import { gatewayLabel, RefundStatusBadge } from "./labels";

/** Date, amount, method and where it came from: the head of a payment's page. */
export function PaymentSummaryList({
  payment,
  extra = [],
}: {
  payment: PaymentDetail;
  extra?: { label: string; value: ReactNode }[];
}) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <DetailList
      items={[
        { label: t("payments.receivedOn"), value: format.date(payment.receivedOn) },
        { label: t("payments.amount"), value: <strong>{format.money(payment.amount)}</strong> },
        {
          label: t("payments.methodLabel"),
          value:
            payment.gateway === null
              ? t(`invoices.paymentMethods.${payment.method}`)
              : `${t(`invoices.paymentMethods.${payment.method}`)} · ${gatewayLabel(t, { name: payment.gateway })}`,
        },
        ...(payment.payer === null ? [] : [{ label: t("payments.payer"), value: payment.payer }]),
        ...(payment.reference === null
          ? []
          : [
              {
                label: t("payments.reference"),
                value: <span translate="no">{payment.reference}</span>,
              },
            ]),
        { label: t("payments.credit"), value: format.money(payment.credit) },
        ...(isZero(payment.refunded)
          ? []
          : [{ label: t("payments.refunded"), value: format.money(payment.refunded) }]),
        ...extra,
      ]}
    />
  );
}

export function AllocationsTable({
  allocations,
  documentPath,
}: {
  allocations: readonly PaymentAllocation[];
  documentPath: (id: string) => string;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const columns: Column<PaymentAllocation>[] = [
    {
      header: t("invoices.number"),
      cell: (allocation) => (
        <Anchor component={Link} to={documentPath(allocation.documentId)}>
          {allocation.number}
        </Anchor>
      ),
      nowrap: true,
    },
    {
      header: t("invoices.kindLabel"),
      cell: (allocation) => t(`invoices.kind.${allocation.kind}`),
    },
    {
      header: t("payments.amount"),
      cell: (allocation) => format.money(allocation.amount),
      numeric: true,
      nowrap: true,
    },
  ];
  if (allocations.length === 0) return <Text>{t("payments.detail.noAllocations")}</Text>;
  return (
    <ResponsiveTable
      label={t("payments.detail.allocations")}
      rows={allocations}
      rowKey={(allocation) => allocation.documentId}
      columns={columns}
    />
  );
}

export function RefundsTable({
  refunds,
  withReason = false,
  documentPath = null,
}: {
  refunds: readonly PaymentRefund[];
  /** Staff: the reason and the gateway's failure text. */
  withReason?: boolean;
  /** Where the refund's credit notes link to; null: not shown. */
  documentPath?: ((id: string) => string) | null;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const columns: Column<PaymentRefund>[] = [
    {
      header: t("payments.refunds.createdAt"),
      cell: (refund) => format.dateTime(refund.createdAt),
      nowrap: true,
    },
    {
      header: t("payments.amount"),
      cell: (refund) => format.money(refund.amount),
      numeric: true,
      nowrap: true,
    },
    {
      header: t("payments.methodLabel"),
      cell: (refund) => t(`invoices.paymentMethods.${refund.method}`),
    },
    {
      header: t("payments.refunds.status"),
      cell: (refund) => <RefundStatusBadge status={refund.status} />,
      nowrap: true,
    },
    ...(withReason
      ? [
          {
            header: t("payments.refunds.reason"),
            cell: (refund: PaymentRefund) => (
              <>
                {refund.reason}
                {refund.failure !== null && (
                  <Text size="sm" c="red.9">
                    {refund.failure}
                  </Text>
                )}
              </>
            ),
          },
        ]
      : []),
    ...(documentPath === null
      ? []
      : [
          {
            header: t("payments.refunds.creditNotes"),
            cell: (refund: PaymentRefund) =>
              refund.creditNoteIds.length === 0 ? (
                <NoValue />
              ) : (
                <List size="sm" listStyleType="none" spacing={2}>
                  {refund.creditNoteIds.map((id, index) => (
                    <List.Item key={id}>
                      <Anchor component={Link} to={documentPath(id)}>
                        {t("payments.refunds.creditNote", { index: index + 1 })}
                      </Anchor>
                    </List.Item>
                  ))}
                </List>
              ),
          },
        ]),
  ];
  if (refunds.length === 0) return <Text>{t("payments.refunds.none")}</Text>;
  return (
    <ResponsiveTable
      label={t("payments.refunds.title")}
      rows={refunds}
      rowKey={(refund) => refund.id}
      columns={columns}
    />
  );
}
