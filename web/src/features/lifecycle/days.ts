/** A whole number of days as typed, within [min, max]; null otherwise. */
export function wholeNumber(value: string, [min, max]: readonly [number, number]): number | null {
  const trimmed = value.trim();
  if (!/^\d{1,4}$/.test(trimmed)) return null;
  const number = Number(trimmed);
  return number >= min && number <= max ? number : null;
}

/** "60, 30 14;7" → [60, 30, 14, 7], largest first, each once; null if any is not a valid day. */
export function parseDays(value: string, limits: readonly [number, number]): number[] | null {
  const parts = value
    .split(/[\s,;]+/)
    .map((part) => part.trim())
    .filter((part) => part !== "");
  const days = parts.map((part) => wholeNumber(part, limits));
  if (days.some((day) => day === null)) return null;
  return [...new Set(days as number[])].sort((a, b) => b - a);
}
