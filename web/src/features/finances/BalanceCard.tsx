import { Paper, SimpleGrid, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { AccountBalance } from "../../api/types";
import { DetailList } from "../../components/DetailList";
import { useFormat } from "../../i18n/format";
import { abs, isNegative, isZero } from "../invoices/money";

/** "12 500 Ft arrears", "3 000 Ft credit" or "Settled" for a balance (receivable − credit). */
export function BalanceSummary({ balance }: { balance: AccountBalance }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (isZero(balance.balance)) return <>{t("finances.balance.settled")}</>;
  const amount = format.money(abs(balance.balance));
  return (
    <strong>
      {isNegative(balance.balance)
        ? t("finances.balance.inCredit", { amount })
        : t("finances.balance.inArrears", { amount })}
    </strong>
  );
}

/** One card per currency: open on invoices, held as credit, and what that adds up to. */
export function BalanceCards({ balances }: { balances: readonly AccountBalance[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (balances.length === 0) return <Text>{t("finances.balance.none")}</Text>;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
      {balances.map((balance) => (
        <Paper
          key={balance.currency}
          withBorder
          p="md"
          component="section"
          aria-label={t("finances.balance.inCurrency", { currency: balance.currency })}
        >
          <Text fw={700} mb="xs">
            {balance.currency}
          </Text>
          <DetailList
            labelWidth="50%"
            items={[
              {
                label: t("finances.balance.receivable"),
                value: format.money(balance.receivable),
              },
              { label: t("finances.balance.credit"), value: format.money(balance.credit) },
              { label: t("finances.balance.balance"), value: <BalanceSummary balance={balance} /> },
            ]}
          />
        </Paper>
      ))}
    </SimpleGrid>
  );
}
