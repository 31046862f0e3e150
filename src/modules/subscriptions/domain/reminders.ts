/** The provider's default reminder days before expiry (C3, seed: 5 e-mails in 60 days). */
export const DEFAULT_REMINDER_DAYS: readonly number[] = [60, 30, 14, 7, 1];

/**
 * Which expiry reminder (days before the due date) is due on a day, if any (C3):
 * - the most urgent stage the service has reached: with 10 days left, the 14-day reminder;
 * - stages longer than half the period are skipped (a monthly service gets no "30 days"
 *   reminder the day after it was renewed; a quarterly one starts at 30 days);
 * - a stage already sent for this due date, or a more urgent one, is not sent again;
 * - a run after downtime sends only the stage reached, never the missed ones as well (no flood);
 * - nothing on or after the due date (overdue handling takes over).
 */
export function reminderStage(input: {
  daysLeft: number;
  stages: readonly number[];
  periodDays: number;
  sentStages: readonly number[];
}): number | null {
  const { daysLeft, periodDays } = input;
  if (daysLeft < 1) return null;
  const reached = input.stages
    .filter((k) => Number.isInteger(k) && k >= 1 && 2 * k <= periodDays && daysLeft <= k)
    .sort((a, b) => a - b);
  const stage = reached[0];
  if (stage === undefined) return null;
  if (input.sentStages.some((s) => s <= stage)) return null;
  return stage;
}
