import fc from "fast-check";
import { describe, expect, it } from "vitest";

import {
  FixedClock,
  addDays,
  addMonths,
  daysBetween,
  isValidDate,
  localDate,
  startOfDayInZone,
  systemClock,
  type Clock,
  type Duration,
} from "./clock.ts";

const BUDAPEST = "Europe/Budapest";
const HOUR = 3_600_000;

describe("systemClock", () => {
  it("returns the current time", () => {
    const before = Date.now();
    const now = systemClock.now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});

describe("FixedClock", () => {
  it("stands still and returns copies", () => {
    const clock: Clock = new FixedClock("2026-01-15T10:00:00Z");
    const first = clock.now();
    first.setUTCFullYear(1999);
    expect(clock.now().toISOString()).toBe("2026-01-15T10:00:00.000Z");
    expect(clock.now()).not.toBe(clock.now());
  });

  it("accepts a Date and does not keep a reference to it", () => {
    const start = new Date("2026-01-15T10:00:00Z");
    const clock = new FixedClock(start);
    start.setUTCFullYear(1999);
    expect(clock.now().toISOString()).toBe("2026-01-15T10:00:00.000Z");
  });

  it.each([
    ["2026-01-15", "2026-01-15T00:00:00.000Z"],
    ["2026-01-15T10:00Z", "2026-01-15T10:00:00.000Z"],
    ["2026-01-15T10:00:30.5Z", "2026-01-15T10:00:30.500Z"],
    ["2026-01-15T10:00:00+01:00", "2026-01-15T09:00:00.000Z"],
    ["2026-01-15T10:00:00.123-05:30", "2026-01-15T15:30:00.123Z"],
  ])("parses %s", (input, iso) => {
    expect(new FixedClock(input).now().toISOString()).toBe(iso);
  });

  it.each([
    "2026-01-15T10:00:00", // no zone: would depend on the machine's time zone
    "2026-01-15 10:00:00Z",
    "2026-02-30T10:00:00Z",
    "2026-01-15T24:00:00Z",
    "2026-01-15T10:60:00Z",
    "2026-01-15T10:00:00+24:00",
    "2026-01-15T10:00:00.1234Z",
    "15/01/2026",
    "",
    "now",
  ])("rejects %j", (input) => {
    expect(() => new FixedClock(input)).toThrow(RangeError);
  });

  it("rejects an invalid Date", () => {
    expect(() => new FixedClock(new Date(Number.NaN))).toThrow(RangeError);
  });

  it("set moves to an instant", () => {
    const clock = new FixedClock("2026-01-01T00:00:00Z");
    expect(clock.set("2025-06-01T12:00:00Z").now().toISOString()).toBe("2025-06-01T12:00:00.000Z");
    clock.set(new Date("2027-01-01T00:00:00Z"));
    expect(clock.now().toISOString()).toBe("2027-01-01T00:00:00.000Z");
  });

  it.each<[Duration, string]>([
    [{}, "2026-03-28T12:00:00.000Z"],
    [{ ms: 1 }, "2026-03-28T12:00:00.001Z"],
    [{ seconds: 90 }, "2026-03-28T12:01:30.000Z"],
    [{ minutes: 61 }, "2026-03-28T13:01:00.000Z"],
    [{ hours: 36 }, "2026-03-30T00:00:00.000Z"],
    [{ days: 1 }, "2026-03-29T12:00:00.000Z"],
    [{ days: 1, hours: 2, minutes: 3, seconds: 4, ms: 5 }, "2026-03-29T14:03:04.005Z"],
    [{ days: -1 }, "2026-03-27T12:00:00.000Z"],
    [{ days: 400 }, "2027-05-02T12:00:00.000Z"],
  ])("advance(%j)", (duration, iso) => {
    const clock = new FixedClock("2026-03-28T12:00:00Z");
    expect(clock.advance(duration).now().toISOString()).toBe(iso);
  });

  it("advance adds 24 hours per day, across a DST change too", () => {
    const clock = new FixedClock("2026-03-28T12:00:00Z").advance({ days: 1 });
    expect(clock.now().getTime() - Date.parse("2026-03-28T12:00:00Z")).toBe(24 * HOUR);
  });

  it.each<Duration>([{ days: 0.5 }, { ms: Number.NaN }, { hours: Number.POSITIVE_INFINITY }])(
    "advance rejects %j",
    (duration) => {
      expect(() => new FixedClock("2026-01-01").advance(duration)).toThrow(RangeError);
    },
  );
});

describe("isValidDate", () => {
  it.each([
    ["2026-01-01", true],
    ["2026-12-31", true],
    ["2024-02-29", true],
    ["2000-02-29", true],
    ["0001-01-01", true],
    ["9999-12-31", true],
    ["2026-02-29", false],
    ["1900-02-29", false],
    ["2100-02-29", false],
    ["2026-04-31", false],
    ["2026-13-01", false],
    ["2026-00-10", false],
    ["2026-01-00", false],
    ["0000-01-01", false],
    ["2026-1-01", false],
    ["26-01-01", false],
    ["2026/01/01", false],
    ["2026-01-01T00:00:00Z", false],
    [" 2026-01-01", false],
    ["2026-01-01\n", false],
    ["", false],
    [20260101, false],
    [null, false],
    [new Date("2026-01-01"), false],
  ])("isValidDate(%j) is %s", (value, expected) => {
    expect(isValidDate(value)).toBe(expected);
  });
});

describe("addDays", () => {
  it.each<[string, number, string]>([
    ["2026-01-01", 0, "2026-01-01"],
    ["2026-01-01", 1, "2026-01-02"],
    ["2026-01-31", 1, "2026-02-01"],
    ["2026-02-28", 1, "2026-03-01"],
    ["2024-02-28", 1, "2024-02-29"],
    ["2024-02-29", 1, "2024-03-01"],
    ["2026-12-31", 1, "2027-01-01"],
    ["2026-01-01", -1, "2025-12-31"],
    ["2026-03-01", -1, "2026-02-28"],
    ["2024-03-01", -1, "2024-02-29"],
    ["2026-03-28", 1, "2026-03-29"], // DST change in Europe: plain calendar arithmetic
    ["2026-03-29", 1, "2026-03-30"],
    ["2026-10-25", 1, "2026-10-26"],
    ["2026-01-01", 365, "2027-01-01"],
    ["2024-01-01", 366, "2025-01-01"],
    ["2026-01-15", 30, "2026-02-14"],
    ["0050-06-15", 1, "0050-06-16"], // two-digit years are not mapped to 19xx
  ])("%s + %s days = %s", (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
  });

  it("rejects bad input", () => {
    expect(() => addDays("2026-02-30", 1)).toThrow(RangeError);
    expect(() => addDays("2026-01-01", 1.5)).toThrow(RangeError);
    expect(() => addDays("9999-12-31", 1)).toThrow(RangeError);
    expect(() => addDays("0001-01-01", -1)).toThrow(RangeError);
  });
});

describe("addMonths", () => {
  it.each<[string, number, string]>([
    ["2026-01-15", 1, "2026-02-15"],
    ["2026-01-31", 1, "2026-02-28"],
    ["2024-01-31", 1, "2024-02-29"],
    ["2026-01-31", 2, "2026-03-31"], // clamping relative to the original day
    ["2026-01-31", 3, "2026-04-30"],
    ["2026-03-31", -1, "2026-02-28"],
    ["2024-03-31", -1, "2024-02-29"],
    ["2026-05-31", 1, "2026-06-30"],
    ["2026-12-15", 1, "2027-01-15"],
    ["2026-01-15", -1, "2025-12-15"],
    ["2026-01-15", -13, "2024-12-15"],
    ["2026-01-15", 0, "2026-01-15"],
    ["2024-02-29", 12, "2025-02-28"],
    ["2024-02-29", 48, "2028-02-29"],
    ["2023-02-28", 12, "2024-02-28"],
    ["2026-08-31", 6, "2027-02-28"],
    ["2026-01-31", 25, "2028-02-29"],
  ])("%s + %s months = %s", (date, n, expected) => {
    expect(addMonths(date, n)).toBe(expected);
  });

  it("does not remember a clamp from an earlier step", () => {
    const february = addMonths("2026-01-31", 1);
    expect(february).toBe("2026-02-28");
    expect(addMonths(february, 1)).toBe("2026-03-28");
    expect(addMonths("2026-01-31", 2)).toBe("2026-03-31");
  });

  it("rejects bad input", () => {
    expect(() => addMonths("2026-02-29", 1)).toThrow(RangeError);
    expect(() => addMonths("2026-01-01", 0.5)).toThrow(RangeError);
    expect(() => addMonths("9999-12-01", 1)).toThrow(RangeError);
  });

  it("always gives a valid date, never past the original day (property)", () => {
    const dateArb = fc
      .date({
        min: new Date("1900-01-01T00:00:00Z"),
        max: new Date("2199-12-31T00:00:00Z"),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -1200, max: 1200 }), (date, n) => {
        const result = addMonths(date, n);
        expect(isValidDate(result)).toBe(true);
        expect(Number(result.slice(8))).toBeLessThanOrEqual(Number(date.slice(8)));
        const months = (y: string): number => Number(y.slice(0, 4)) * 12 + Number(y.slice(5, 7));
        expect(months(result) - months(date)).toBe(n);
        if (Number(date.slice(8)) <= 28) expect(result.slice(8)).toBe(date.slice(8));
      }),
      { numRuns: 500 },
    );
  });
});

describe("daysBetween", () => {
  it.each<[string, string, number]>([
    ["2026-01-01", "2026-01-01", 0],
    ["2026-01-01", "2026-01-31", 30],
    ["2026-01-31", "2026-01-01", -30],
    ["2026-02-01", "2026-03-01", 28],
    ["2024-02-01", "2024-03-01", 29],
    ["2026-01-01", "2027-01-01", 365],
    ["2024-01-01", "2025-01-01", 366],
    ["2026-03-28", "2026-03-30", 2], // across the spring DST change
    ["2026-10-24", "2026-10-26", 2], // across the autumn DST change
    ["1999-12-31", "2000-03-01", 61],
  ])("from %s to %s is %s days", (a, b, expected) => {
    expect(daysBetween(a, b)).toBe(expected);
  });

  it("rejects invalid dates", () => {
    expect(() => daysBetween("2026-01-01", "2026-02-30")).toThrow(RangeError);
  });

  it("is the inverse of addDays (property)", () => {
    const dateArb = fc
      .date({
        min: new Date("1900-01-01T00:00:00Z"),
        max: new Date("2199-12-31T00:00:00Z"),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(dateArb, fc.integer({ min: -40_000, max: 40_000 }), (date, n) => {
        const later = addDays(date, n);
        expect(isValidDate(later)).toBe(true);
        expect(daysBetween(date, later)).toBe(n);
        expect(addDays(later, -n)).toBe(date);
      }),
      { numRuns: 500 },
    );
  });
});

describe("localDate", () => {
  it.each<[string, string, string]>([
    ["2026-01-15T12:00:00Z", BUDAPEST, "2026-01-15"],
    ["2026-01-15T22:59:59.999Z", BUDAPEST, "2026-01-15"], // 23:59:59.999 CET
    ["2026-01-15T23:00:00Z", BUDAPEST, "2026-01-16"], // midnight CET
    ["2026-07-15T21:59:59.999Z", BUDAPEST, "2026-07-15"], // 23:59:59.999 CEST
    ["2026-07-15T22:00:00Z", BUDAPEST, "2026-07-16"], // midnight CEST
    ["2026-03-28T22:59:59.999Z", BUDAPEST, "2026-03-28"],
    ["2026-03-28T23:00:00Z", BUDAPEST, "2026-03-29"],
    ["2026-03-29T01:00:00Z", BUDAPEST, "2026-03-29"], // 02:00 CET becomes 03:00 CEST
    ["2026-03-29T21:59:59.999Z", BUDAPEST, "2026-03-29"],
    ["2026-03-29T22:00:00Z", BUDAPEST, "2026-03-30"],
    ["2026-10-24T21:59:59.999Z", BUDAPEST, "2026-10-24"],
    ["2026-10-24T22:00:00Z", BUDAPEST, "2026-10-25"],
    ["2026-10-25T00:30:00Z", BUDAPEST, "2026-10-25"], // 02:30 CEST, before the repeat
    ["2026-10-25T01:30:00Z", BUDAPEST, "2026-10-25"], // 02:30 CET, the repeated hour
    ["2026-10-25T22:59:59.999Z", BUDAPEST, "2026-10-25"],
    ["2026-10-25T23:00:00Z", BUDAPEST, "2026-10-26"],
    ["2026-12-31T23:00:00Z", BUDAPEST, "2027-01-01"],
    ["2024-02-28T23:30:00Z", BUDAPEST, "2024-02-29"],
    ["2026-01-01T04:59:59Z", "America/New_York", "2025-12-31"],
    ["2026-01-01T05:00:00Z", "America/New_York", "2026-01-01"],
    ["2025-12-31T10:00:00Z", "Pacific/Kiritimati", "2026-01-01"],
    ["2025-12-31T18:15:00Z", "Asia/Kathmandu", "2026-01-01"],
    ["2025-12-31T18:14:59Z", "Asia/Kathmandu", "2025-12-31"],
    ["2026-06-01T00:00:00Z", "UTC", "2026-06-01"],
  ])("%s in %s is %s", (instant, zone, expected) => {
    expect(localDate(new Date(instant), zone)).toBe(expected);
  });

  it("rejects an unknown time zone and an invalid Date", () => {
    expect(() => localDate(new Date(), "Mars/Olympus_Mons")).toThrow(RangeError);
    expect(() => localDate(new Date(Number.NaN), BUDAPEST)).toThrow(RangeError);
  });
});

describe("startOfDayInZone", () => {
  it.each<[string, string, string]>([
    ["2026-01-15", BUDAPEST, "2026-01-14T23:00:00.000Z"],
    ["2026-07-15", BUDAPEST, "2026-07-14T22:00:00.000Z"],
    ["2026-03-28", BUDAPEST, "2026-03-27T23:00:00.000Z"],
    ["2026-03-29", BUDAPEST, "2026-03-28T23:00:00.000Z"], // spring forward later that night
    ["2026-03-30", BUDAPEST, "2026-03-29T22:00:00.000Z"],
    ["2026-10-25", BUDAPEST, "2026-10-24T22:00:00.000Z"], // fall back later that night
    ["2026-10-26", BUDAPEST, "2026-10-25T23:00:00.000Z"],
    ["2024-02-29", BUDAPEST, "2024-02-28T23:00:00.000Z"],
    ["2026-01-01", "UTC", "2026-01-01T00:00:00.000Z"],
    ["2026-01-01", "America/New_York", "2026-01-01T05:00:00.000Z"],
    ["2026-01-01", "Asia/Kathmandu", "2025-12-31T18:15:00.000Z"],
    ["2026-01-01", "Pacific/Kiritimati", "2025-12-31T10:00:00.000Z"],
    // Chile moves clocks from 00:00 to 01:00: the day starts at 01:00 local.
    ["2024-09-08", "America/Santiago", "2024-09-08T04:00:00.000Z"],
    ["2024-09-09", "America/Santiago", "2024-09-09T03:00:00.000Z"],
    // Cuba moves clocks from 01:00 back to 00:00: midnight happens twice, the first counts.
    ["2024-11-03", "America/Havana", "2024-11-03T04:00:00.000Z"],
    ["2024-11-04", "America/Havana", "2024-11-04T05:00:00.000Z"],
    // Samoa skipped 2011-12-30 entirely.
    ["2011-12-30", "Pacific/Apia", "2011-12-30T10:00:00.000Z"],
    ["2011-12-31", "Pacific/Apia", "2011-12-30T10:00:00.000Z"],
  ])("%s in %s starts at %s", (date, zone, iso) => {
    expect(startOfDayInZone(date, zone).toISOString()).toBe(iso);
  });

  it.each<[string, number]>([
    ["2026-03-28", 24],
    ["2026-03-29", 23],
    ["2026-03-30", 24],
    ["2026-10-24", 24],
    ["2026-10-25", 25],
    ["2026-10-26", 24],
  ])("%s lasts %s hours in Budapest", (date, hours) => {
    const start = startOfDayInZone(date, BUDAPEST).getTime();
    const end = startOfDayInZone(addDays(date, 1), BUDAPEST).getTime();
    expect(end - start).toBe(hours * HOUR);
  });

  it("rejects bad input", () => {
    expect(() => startOfDayInZone("2026-02-30", BUDAPEST)).toThrow(RangeError);
    expect(() => startOfDayInZone("2026-01-01", "Nowhere/Else")).toThrow(RangeError);
  });

  it("is the first instant of the local date (property)", () => {
    const zones = fc.constantFrom(
      BUDAPEST,
      "UTC",
      "America/New_York",
      "America/Santiago",
      "America/Havana",
      "Australia/Lord_Howe",
      "Asia/Kathmandu",
      "Pacific/Chatham",
    );
    const dateArb = fc
      .date({
        min: new Date("2000-01-01T00:00:00Z"),
        max: new Date("2040-12-31T00:00:00Z"),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(dateArb, zones, (date, zone) => {
        const start = startOfDayInZone(date, zone);
        expect(localDate(start, zone)).toBe(date);
        expect(localDate(new Date(start.getTime() - 1), zone)).toBe(addDays(date, -1));
      }),
      { numRuns: 300 },
    );
  });
});
