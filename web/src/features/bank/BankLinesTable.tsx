import { Anchor, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { BankLine } from "../../api/types";
import { NoValue } from "../../components/NoValue";
import { ResponsiveTable, type Column } from "../../components/ResponsiveTable";
import { useFormat } from "../../i18n/format";
import { LineStateBadge, flagText, lineReason, useLineAccount, useLineAmount } from "./labels";

/** Statement lines: date, amount, payer, message, and what became of each. */
export function BankLinesTable({ lines, label }: { lines: readonly BankLine[]; label: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const amountOf = useLineAmount();
  const accountOf = useLineAccount();

  const columns: Column<BankLine>[] = [
    {
      header: t("bank.line.bookingDate"),
      cell: (line) => format.date(line.bookingDate),
      nowrap: true,
    },
    { header: t("bank.line.amount"), cell: (line) => amountOf(line), numeric: true, nowrap: true },
    {
      header: t("bank.line.payer"),
      cell: (line) => {
        const account = accountOf(line);
        if (line.counterpartyName === null && account === null) return <NoValue />;
        return (
          <>
            {line.counterpartyName ?? <NoValue />}
            {account !== null && (
              <Text size="sm" c="dimmed" translate="no">
                {account}
              </Text>
            )}
          </>
        );
      },
    },
    {
      header: t("bank.line.remittance"),
      cell: (line) =>
        line.remittance.trim() === "" ? (
          <NoValue />
        ) : (
          <span style={{ overflowWrap: "anywhere" }}>{line.remittance}</span>
        ),
    },
    {
      header: t("bank.line.state"),
      cell: (line) => {
        const reason = lineReason(t, line);
        return (
          <>
            <LineStateBadge state={line.state} />
            {reason !== null && (
              <Text size="sm" mt={4}>
                {reason}
              </Text>
            )}
            {line.flags.map((flag, index) => (
              <Text size="sm" c="dimmed" key={`${flag.code}:${index}`}>
                {flagText(t, flag)}
              </Text>
            ))}
          </>
        );
      },
    },
    {
      header: t("bank.line.payment"),
      cell: (line) =>
        line.paymentId === null ? (
          <NoValue />
        ) : (
          <Anchor component={Link} to={`/staff/payments/${encodeURIComponent(line.paymentId)}`}>
            {t("bank.line.openPayment")}
          </Anchor>
        ),
    },
  ];

  return (
    <ResponsiveTable label={label} rows={lines} rowKey={(line) => line.id} columns={columns} />
  );
}
