import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import type { BankLine, BankLineState } from "../../api/types";
import { StatusBadge, type Tone } from "../../components/StatusBadge";
import { useFormat } from "../../i18n/format";

export const LINE_STATES = [
  "new",
  "matched",
  "credit",
  "queued",
  "ignored",
  "assigned",
  "dismissed",
] as const satisfies readonly BankLineState[];

export function isLineState(value: string | null): value is BankLineState {
  return LINE_STATES.some((state) => state === value);
}

const REASONS = [
  "reference",
  "amount_and_payer",
  "document_not_open",
  "no_match",
  "ambiguous",
  "amount_only",
  "unknown_reference",
  "unconfirmed_reference",
  "currency_mismatch",
  "several_customers",
  "payment_refused",
  "debit",
  "reversal",
  "not_booked",
  "not_positive",
] as const;

const WHY = [
  "reference",
  "reference_corrected",
  "number",
  "number_corrected",
  "amount_and_payer",
  "amount",
  "payer",
] as const;

const FLAGS = [
  "unknown_reference",
  "document_not_open",
  "reference_corrected",
  "superseded",
  "payment_refused",
] as const;

function isOneOf<T extends string>(values: readonly T[], value: string): value is T {
  return values.some((candidate) => candidate === value);
}

/**
 * Why a line was decided so; a dismissed line's reason is what staff wrote. A line staff
 * assigned keeps why it had been queued, which no longer describes it: none is shown.
 */
export function lineReason(t: TFunction, line: Pick<BankLine, "state" | "reason">): string | null {
  if (line.reason === null || line.state === "assigned") return null;
  if (line.state !== "dismissed" && isOneOf(REASONS, line.reason)) {
    return t(`bank.reasons.${line.reason}`);
  }
  return line.reason;
}

/** Why a document is a candidate for a line ("reference", "amount only"). */
export function candidateWhy(t: TFunction, why: string): string {
  return isOneOf(WHY, why) ? t(`bank.why.${why}`) : why;
}

export function flagText(t: TFunction, flag: BankLine["flags"][number]): string {
  const label = isOneOf(FLAGS, flag.code) ? t(`bank.flags.${flag.code}`) : flag.code;
  return flag.candidate === undefined ? label : `${label}: ${flag.candidate}`;
}

const STATE_TONES: Record<BankLineState, Tone> = {
  new: "neutral",
  matched: "success",
  credit: "info",
  queued: "warning",
  ignored: "neutral",
  assigned: "success",
  dismissed: "neutral",
};

export function LineStateBadge({ state }: { state: BankLineState }) {
  const { t } = useTranslation();
  return <StatusBadge tone={STATE_TONES[state]}>{t(`bank.states.${state}`)}</StatusBadge>;
}

/** A line's amount; money paid out (debit) with a minus sign. */
export function useLineAmount() {
  const format = useFormat();
  return (line: Pick<BankLine, "amount" | "currency" | "direction">) =>
    format.money({
      amount: line.direction === "debit" ? `-${line.amount}` : line.amount,
      currency: line.currency,
    });
}

const IBAN = /^[A-Z]{2}\d{2}[A-Z0-9]{8,30}$/;

/** An account: an IBAN in groups of four, anything else (a domestic number) as given. */
export function useAccountFormat() {
  const format = useFormat();
  return (account: string): string =>
    IBAN.test(account.replace(/\s+/g, "")) ? format.iban(account) : account;
}

/** The payer's account: IBAN in groups of four, else the account number as given. */
export function useLineAccount() {
  const account = useAccountFormat();
  return (line: Pick<BankLine, "counterpartyIban" | "counterpartyAccount">): string | null =>
    line.counterpartyIban !== null ? account(line.counterpartyIban) : line.counterpartyAccount;
}
