import { describe, expect, it } from "vitest";
import {
  addressKey,
  afterFailure,
  isStale,
  lockMinutes,
  lockRemainingSeconds,
  type ThrottleState,
} from "./login-throttle.ts";

const T0 = new Date("2026-11-23T10:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

describe("lockMinutes", () => {
  it.each([
    [1, 0],
    [4, 0],
    [5, 1],
    [6, 2],
    [7, 4],
    [8, 8],
    [9, 15],
    [10, 15],
    [500, 15],
  ])("after %i failures: %i minutes", (failures, minutes) => {
    expect(lockMinutes(failures)).toBe(minutes);
  });
});

describe("afterFailure", () => {
  it("locks after the fifth failure in a row, growing to at most 15 minutes", () => {
    let s: ThrottleState | undefined;
    const locks: number[] = [];
    for (let i = 0; i < 10; i++) {
      // Each failure as soon as the previous lock has ended.
      const now = s?.lockedUntil ?? at(i);
      s = afterFailure(s, now);
      locks.push(lockRemainingSeconds(s, now) / 60);
    }
    expect(locks).toEqual([0, 0, 0, 0, 1, 2, 4, 8, 15, 15]);
  });

  it("says when a failure starts a lock, and not while one runs", () => {
    let s: ThrottleState | undefined;
    for (let i = 0; i < 4; i++) s = afterFailure(s, at(0));
    const fifth = afterFailure(s, at(0));
    expect(fifth.lockStarted).toBe(true);
    expect(afterFailure(fifth, at(0.5)).lockStarted).toBe(false);
    expect(afterFailure(fifth, at(1)).lockStarted).toBe(true);
  });

  it("starts over once the failures are a window old", () => {
    const s: ThrottleState = { failures: 9, lastFailureAt: at(0), lockedUntil: at(15) };
    expect(isStale(s, at(29))).toBe(false);
    expect(afterFailure(s, at(29)).failures).toBe(10);
    expect(isStale(s, at(30))).toBe(true);
    expect(afterFailure(s, at(30))).toMatchObject({ failures: 1, lockedUntil: null });
  });

  it("counts the window from the last failure when there is no lock", () => {
    const s: ThrottleState = { failures: 3, lastFailureAt: at(0), lockedUntil: null };
    expect(afterFailure(s, at(14)).failures).toBe(4);
    expect(afterFailure(s, at(15)).failures).toBe(1);
  });
});

describe("lockRemainingSeconds", () => {
  it.each([
    [undefined, 0],
    [{ failures: 3, lastFailureAt: at(0), lockedUntil: null }, 0],
    [{ failures: 5, lastFailureAt: at(0), lockedUntil: at(1) }, 60],
    [{ failures: 5, lastFailureAt: at(0), lockedUntil: new Date(T0.getTime() + 1) }, 1],
    [{ failures: 5, lastFailureAt: at(-5), lockedUntil: at(-1) }, 0],
  ])("%j → %i s", (state, seconds) => {
    expect(lockRemainingSeconds(state, T0)).toBe(seconds);
  });
});

describe("addressKey", () => {
  it.each([
    [null, null],
    ["", null],
    ["198.51.100.7", "198.51.100.7"],
    ["198.51.100.007", "198.51.100.7"],
    ["::ffff:198.51.100.7", "198.51.100.7"],
    ["::FFFF:c633:6407", "198.51.100.7"],
    ["2001:db8:85a3:8d3:1319:8a2e:370:7348", "2001:db8:85a3:8d3::/64"],
    ["2001:db8:85a3:8d3::1", "2001:db8:85a3:8d3::/64"],
    ["2001:DB8:85A3:08D3:ffff::2", "2001:db8:85a3:8d3::/64"],
    ["2001:db8::", "2001:db8:0:0::/64"],
    ["::1", "0:0:0:0::/64"],
    ["fe80::1%eth0", "fe80:0:0:0::/64"],
    ["256.1.1.1", null],
    ["1.2.3", null],
    ["2001:db8::1::2", null],
    ["2001:db8:1:2:3:4:5:6:7", null],
    ["not an address", null],
  ])("%j → %j", (ip, key) => {
    expect(addressKey(ip)).toBe(key);
  });
});
