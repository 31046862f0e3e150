import { Anchor, EmptyState, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { LedgerTransaction } from "../../api/types";
import { NoValue } from "../../components/NoValue";
import { QueryContent } from "../../components/QueryContent";
import { ResponsiveTable, type Column } from "../../components/ResponsiveTable";
import { useFormat } from "../../i18n/format";
import { BalanceCards } from "../finances/BalanceCard";
import { isZero } from "../invoices/money";
import { useLedger } from "./api";

const KNOWN_KINDS = [
  "invoice",
  "credit_note",
  "payment",
  "refund",
  "write_off",
  "credit_applied",
] as const;
type KnownKind = (typeof KNOWN_KINDS)[number];

function isKnownKind(kind: string): kind is KnownKind {
  return KNOWN_KINDS.some((known) => known === kind);
}

/** A customer's balances per currency and every ledger transaction (staff customer page). */
export function CustomerLedger({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const ledger = useLedger(customerId);

  const amount = (money: LedgerTransaction["receivable"]) =>
    isZero(money) ? <NoValue /> : format.money(money);

  const columns: Column<LedgerTransaction>[] = [
    { header: t("billing.ledger.at"), cell: (row) => format.dateTime(row.at) },
    {
      header: t("billing.ledger.kind"),
      cell: (row) => (isKnownKind(row.kind) ? t(`finances.statement.kinds.${row.kind}`) : row.kind),
    },
    {
      header: t("billing.ledger.document"),
      cell: (row) =>
        row.documentId !== null && row.documentNumber !== null ? (
          <Anchor component={Link} to={`/staff/documents/${encodeURIComponent(row.documentId)}`}>
            {row.documentNumber}
          </Anchor>
        ) : (
          <NoValue />
        ),
    },
    { header: t("billing.ledger.memo"), cell: (row) => row.memo || <NoValue /> },
    {
      header: t("billing.ledger.receivable"),
      cell: (row) => amount(row.receivable),
      numeric: true,
    },
    { header: t("billing.ledger.credit"), cell: (row) => amount(row.credit), numeric: true },
  ];

  return (
    <QueryContent query={ledger}>
      {({ balances, transactions }) => (
        <>
          <BalanceCards balances={balances} />
          <Text size="sm" c="dimmed" mt="xs" mb="md">
            {t("billing.ledger.hint")}
          </Text>
          {transactions.length === 0 ? (
            <EmptyState title={t("billing.ledger.empty")} />
          ) : (
            <ResponsiveTable
              label={t("billing.ledger.tableLabel")}
              rows={transactions}
              rowKey={(row) => row.id}
              columns={columns}
            />
          )}
        </>
      )}
    </QueryContent>
  );
}
