import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { CheckoutStatus, PaymentRefund } from "../../api/types";
import { StatusBadge, type Tone } from "../../components/StatusBadge";

const GATEWAYS = ["simulator", "stripe"] as const;
const FLAGS = [
  "document_not_open",
  "document_not_found",
  "currency_mismatch",
  "currency_unsupported",
  "amount_mismatch",
  "unknown_checkout",
  "bad_signature",
  "late_success_after_failed",
  "late_success_after_cancelled",
  "late_success_after_expired",
] as const;

function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return values.some((candidate) => candidate === value);
}

/** A card gateway by name ("Bankkártya (szimulátor)"); the server's own label for others. */
export function gatewayLabel(t: TFunction, gateway: { name: string; label?: string }): string {
  return isOneOf(GATEWAYS, gateway.name)
    ? t(`payments.gateways.${gateway.name}`)
    : (gateway.label ?? gateway.name);
}

/** Why staff should look at a payment or notification; unknown codes as they are. */
export function flagLabel(t: TFunction, flag: string): string {
  return isOneOf(FLAGS, flag) ? t(`payments.flags.${flag}`) : flag;
}

const CHECKOUT_TONES: Record<CheckoutStatus, Tone> = {
  created: "neutral",
  pending: "warning",
  succeeded: "success",
  failed: "danger",
  cancelled: "neutral",
  expired: "neutral",
};

export function CheckoutStatusBadge({ status }: { status: CheckoutStatus }) {
  const { t } = useTranslation();
  return (
    <StatusBadge tone={CHECKOUT_TONES[status]}>
      {t(`payments.checkoutStatus.${status}`)}
    </StatusBadge>
  );
}

const REFUND_TONES: Record<PaymentRefund["status"], Tone> = {
  pending: "warning",
  succeeded: "success",
  failed: "danger",
};

export function RefundStatusBadge({ status }: { status: PaymentRefund["status"] }) {
  const { t } = useTranslation();
  return (
    <StatusBadge tone={REFUND_TONES[status]}>{t(`payments.refundStatus.${status}`)}</StatusBadge>
  );
}

export function FlagBadge({ flag }: { flag: string }) {
  const { t } = useTranslation();
  return <StatusBadge tone="warning">{flagLabel(t, flag)}</StatusBadge>;
}
