import { Button, Group, Paper, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { InvoiceSummary } from "../../api/types";
import { useFormat } from "../../i18n/format";
import { sumMoney } from "../invoices/money";
import { payPath } from "./payable";

const STICKY = {
  position: "sticky",
  top: "calc(var(--app-shell-header-height, 56px) + var(--mantine-spacing-xs))",
  zIndex: 2,
} as const;

/**
 * Above My invoices: how many open documents are ticked, what they add up to, and "Pay
 * selected". Documents in different currencies are paid separately.
 */
export function PaySelection({
  chosen,
  anyPayable,
  onClear,
}: {
  chosen: readonly InvoiceSummary[];
  anyPayable: boolean;
  onClear: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  if (chosen.length === 0) {
    return anyPayable ? (
      <Text size="sm" mb="sm">
        {t("payments.select.hint")}
      </Text>
    ) : null;
  }
  const total = sumMoney(chosen.map((document) => document.due));
  return (
    <Paper
      withBorder
      shadow="xs"
      p="sm"
      mb="md"
      component="section"
      aria-label={t("payments.select.label")}
      // Stays in sight under the header while the list scrolls.
      style={STICKY}
    >
      <Group justify="space-between" gap="sm">
        <div>
          <Text fw={700} aria-live="polite">
            {total === null
              ? t("payments.select.countMixed", { count: chosen.length })
              : t("payments.select.count", { count: chosen.length, total: format.money(total) })}
          </Text>
          {total === null && (
            <Text size="sm" c="red.9">
              {t("errors.payments.mixed_currencies")}
            </Text>
          )}
        </div>
        <Group gap="sm">
          <Button variant="default" onClick={onClear}>
            {t("payments.select.clear")}
          </Button>
          {total !== null && (
            <Button component={Link} to={payPath(chosen.map((document) => document.id))}>
              {t("payments.select.pay")}
            </Button>
          )}
        </Group>
      </Group>
    </Paper>
  );
}
