/**
 * Time: all code reads the current instant from a `Clock` so tests can fix and move it.
 *
 * Legal dates (invoice date, due date, expiry) are plain `YYYY-MM-DD` strings in a time zone (the
 * provider's, default Europe/Budapest). The helpers below do calendar arithmetic on those strings
 * and convert between instants and local dates with Intl.DateTimeFormat, without a date library.
 */

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = Object.freeze({
  now: (): Date => new Date(),
});

export interface Duration {
  days?: number;
  hours?: number;
  minutes?: number;
  seconds?: number;
  ms?: number;
}

// A date, or a date-time with an explicit `Z` or offset, so the result never depends on the
// machine's time zone.
const INSTANT =
  /^(\d{4}-\d{2}-\d{2})(?:T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,3})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d))?$/;

function toEpochMs(value: Date | string): number {
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw new RangeError("Invalid Date");
    return ms;
  }
  const match = typeof value === "string" ? INSTANT.exec(value) : null;
  if (!match || !isValidDate(match[1])) {
    throw new RangeError(
      `Expected an ISO instant with Z or an offset, or YYYY-MM-DD: ${JSON.stringify(value)}`,
    );
  }
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`Invalid instant: ${value}`);
  return ms;
}

/** A clock for tests: it stands still until `set` or `advance` moves it. */
export class FixedClock implements Clock {
  #ms: number;

  constructor(start: Date | string) {
    this.#ms = toEpochMs(start);
  }

  now(): Date {
    return new Date(this.#ms);
  }

  set(instant: Date | string): this {
    this.#ms = toEpochMs(instant);
    return this;
  }

  /** Moves the clock by a fixed duration (a day is 24 hours; for calendar days use addDays). */
  advance(duration: Duration): this {
    const { days = 0, hours = 0, minutes = 0, seconds = 0, ms = 0 } = duration;
    for (const [name, value] of Object.entries({ days, hours, minutes, seconds, ms })) {
      if (!Number.isSafeInteger(value)) {
        throw new RangeError(`advance: ${name} must be an integer, got ${String(value)}`);
      }
    }
    const next = this.#ms + (((days * 24 + hours) * 60 + minutes) * 60 + seconds) * 1000 + ms;
    if (!Number.isSafeInteger(next) || Number.isNaN(new Date(next).getTime())) {
      throw new RangeError("advance: result is out of range");
    }
    this.#ms = next;
    return this;
  }
}

// ---------------------------------------------------------------------------------------------
// Legal dates (YYYY-MM-DD)

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

interface Ymd {
  year: number;
  month: number; // 1..12
  day: number;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function splitDate(value: unknown): Ymd | undefined {
  if (typeof value !== "string") return undefined;
  const match = DATE.exec(value);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return undefined;
  }
  return { year, month, day };
}

function parseDate(value: string): Ymd {
  const ymd = splitDate(value);
  if (!ymd) throw new RangeError(`Invalid date (expected YYYY-MM-DD): ${JSON.stringify(value)}`);
  return ymd;
}

function formatDate({ year, month, day }: Ymd): string {
  if (year < 1 || year > 9999) throw new RangeError(`Date out of range: year ${year}`);
  const pad = (n: number, width: number): string => String(n).padStart(width, "0");
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (exact integer arithmetic). */
function toEpochDay({ year, month, day }: Ymd): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // setUTCFullYear avoids the 0..99 → 19xx quirk
  return Math.round(date.getTime() / DAY_MS);
}

function fromEpochDay(epochDay: number): Ymd {
  const date = new Date(epochDay * DAY_MS);
  if (Number.isNaN(date.getTime())) throw new RangeError("Date out of range");
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

function assertInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${name} must be an integer, got ${String(value)}`);
  }
}

/** True for a real calendar date written as YYYY-MM-DD (years 0001–9999). */
export function isValidDate(value: unknown): value is string {
  return splitDate(value) !== undefined;
}

/** The date `n` calendar days after `date` (negative `n` goes back). */
export function addDays(date: string, n: number): string {
  assertInteger("addDays: n", n);
  return formatDate(fromEpochDay(toEpochDay(parseDate(date)) + n));
}

/**
 * The same day of the month `n` months later, clamped to the end of a shorter month:
 * 2026-01-31 + 1 month = 2026-02-28, 2024-01-31 + 1 month = 2024-02-29. The clamp is not
 * remembered: 2026-02-28 + 1 month = 2026-03-28, while 2026-01-31 + 2 months = 2026-03-31. For
 * a series of monthly dates, always add k months to the original (anchor) date.
 */
export function addMonths(date: string, n: number): string {
  assertInteger("addMonths: n", n);
  const { year, month, day } = parseDate(date);
  const index = year * 12 + (month - 1) + n;
  const newYear = Math.floor(index / 12);
  const newMonth = index - newYear * 12 + 1;
  if (newYear < 1 || newYear > 9999) throw new RangeError(`Date out of range: year ${newYear}`);
  return formatDate({
    year: newYear,
    month: newMonth,
    day: Math.min(day, daysInMonth(newYear, newMonth)),
  });
}

/** Whole calendar days from `a` to `b`: positive when `b` is later. */
export function daysBetween(a: string, b: string): number {
  return toEpochDay(parseDate(b)) - toEpochDay(parseDate(a));
}

// ---------------------------------------------------------------------------------------------
// Time zones

const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = zoneFormatters.get(timeZone);
  if (!formatter) {
    // Throws RangeError for an unknown time zone.
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      calendar: "gregory",
      numberingSystem: "latn",
      hourCycle: "h23",
      era: "short",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    zoneFormatters.set(timeZone, formatter);
  }
  return formatter;
}

interface LocalDateTime extends Ymd {
  hour: number;
  minute: number;
  second: number;
}

function localParts(epochMs: number, timeZone: string): LocalDateTime {
  const fields: Record<string, string> = {};
  for (const part of zoneFormatter(timeZone).formatToParts(epochMs)) {
    fields[part.type] = part.value;
  }
  const yearOfEra = Number(fields.year);
  const bc = fields.era === "BC" || fields.era === "B";
  return {
    year: bc ? 1 - yearOfEra : yearOfEra,
    month: Number(fields.month),
    day: Number(fields.day),
    hour: Number(fields.hour) % 24,
    minute: Number(fields.minute),
    second: Number(fields.second),
  };
}

/** Local wall-clock time minus UTC, in ms, at the given instant (second precision). */
function offsetAt(epochMs: number, timeZone: string): number {
  const wholeSecond = Math.floor(epochMs / 1000) * 1000;
  const p = localParts(wholeSecond, timeZone);
  const wall = toEpochDay(p) * DAY_MS + ((p.hour * 60 + p.minute) * 60 + p.second) * 1000;
  return wall - wholeSecond;
}

/** The legal date (YYYY-MM-DD) of an instant in a time zone, e.g. "Europe/Budapest". */
export function localDate(instant: Date, timeZone: string): string {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError("Invalid Date");
  return formatDate(localParts(ms, timeZone));
}

/**
 * The first instant of a local date in a time zone — local midnight, e.g. 2026-03-29 in
 * Europe/Budapest is 2026-03-28T23:00:00Z (UTC+1) and 2026-10-25 is 2026-10-24T22:00:00Z
 * (UTC+2). Where a DST change skips midnight, the day starts at the transition instant; where
 * midnight happens twice, the earlier one is returned. A date a zone skipped entirely
 * (Pacific/Apia 2011-12-30) gives the start of the next date.
 */
export function startOfDayInZone(date: string, timeZone: string): Date {
  const epochDay = toEpochDay(parseDate(date));
  const wallMidnight = epochDay * DAY_MS; // local midnight read as if it were UTC
  const candidates = [
    offsetAt(wallMidnight - DAY_MS, timeZone),
    offsetAt(wallMidnight + DAY_MS, timeZone),
  ]
    .map((offset) => wallMidnight - offset)
    .filter((instant) => offsetAt(instant, timeZone) === wallMidnight - instant);
  if (candidates.length > 0) return new Date(Math.min(...candidates));

  // Midnight does not exist (a DST gap covers it): find the first instant of the date.
  const target = formatDate(fromEpochDay(epochDay));
  let before = wallMidnight - 2 * DAY_MS; // surely on an earlier local date
  let after = wallMidnight + 2 * DAY_MS; // surely on the date or later
  while (after - before > 1) {
    const middle = before + Math.floor((after - before) / 2);
    if (formatDate(localParts(middle, timeZone)) < target) before = middle;
    else after = middle;
  }
  return new Date(after);
}
