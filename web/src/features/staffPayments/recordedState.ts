/** Navigation state from the manual payment form to the page of the payment it recorded. */
export interface RecordedState {
  recorded: { paymentId: string; duplicate: boolean };
}

export function readRecordedState(state: unknown): RecordedState["recorded"] | null {
  if (typeof state !== "object" || state === null || !("recorded" in state)) return null;
  const recorded = state.recorded;
  if (
    typeof recorded === "object" &&
    recorded !== null &&
    "paymentId" in recorded &&
    typeof recorded.paymentId === "string" &&
    "duplicate" in recorded &&
    typeof recorded.duplicate === "boolean"
  ) {
    return { paymentId: recorded.paymentId, duplicate: recorded.duplicate };
  }
  return null;
}
