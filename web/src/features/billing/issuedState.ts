/** Navigation state from the new-document form to the page of the document it issued. */
export interface IssuedState {
  issued: { id: string; number: string };
}

export function readIssuedState(state: unknown): { id: string; number: string } | null {
  if (typeof state !== "object" || state === null || !("issued" in state)) return null;
  const issued = state.issued;
  if (
    typeof issued === "object" &&
    issued !== null &&
    "id" in issued &&
    typeof issued.id === "string" &&
    "number" in issued &&
    typeof issued.number === "string"
  ) {
    return { id: issued.id, number: issued.number };
  }
  return null;
}
