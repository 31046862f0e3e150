import { describe, expect, it } from "vitest";
import {
  checkDelaySeconds,
  deliveredData,
  deliveryState,
  isFinished,
  mayStartRun,
  publicData,
  RUN_LEASE_SECONDS,
  staffTransition,
  statusAfterRun,
  TASK_STATUSES,
  type DeliveryState,
  type RunOutcome,
  type StaffAction,
  type TaskStatus,
} from "./tasks.ts";

const NOW = new Date("2026-11-23T10:00:00Z");
const recently = new Date(NOW.getTime() - 5_000);
const longAgo = new Date(NOW.getTime() - RUN_LEASE_SECONDS * 1000);

describe("a job may start a run of", () => {
  it.each<[TaskStatus, Date, boolean]>([
    ["queued", recently, true],
    ["waiting", recently, true],
    ["running", recently, false],
    ["running", longAgo, true],
    ["done", longAgo, false],
    ["failed", longAgo, false],
    ["manual", longAgo, false],
    ["cancelled", longAgo, false],
  ])("a %s task (updated %s) → %s", (status, updatedAt, start) => {
    expect(mayStartRun({ status, updatedAt }, NOW).start).toBe(start);
  });
});

describe("the status after a module call", () => {
  it.each<[RunOutcome, TaskStatus]>([
    [{ kind: "done" }, "done"],
    [{ kind: "pending" }, "waiting"],
    [{ kind: "error", retryable: true, lastAttempt: false }, "queued"],
    [{ kind: "error", retryable: true, lastAttempt: true }, "failed"],
    [{ kind: "error", retryable: false, lastAttempt: false }, "failed"],
    [{ kind: "error", retryable: false, lastAttempt: true }, "failed"],
  ])("%j → %s", (outcome, status) => {
    expect(statusAfterRun(outcome)).toBe(status);
  });
});

describe("staff actions", () => {
  // Every action × every status: what is allowed, and the refusal code otherwise.
  const allowed: Record<StaffAction, Partial<Record<TaskStatus, TaskStatus>>> = {
    retry: { failed: "queued" },
    complete: { manual: "done", failed: "done" },
    cancel: { queued: "cancelled", waiting: "cancelled", failed: "cancelled", manual: "cancelled" },
  };
  const codes: Record<StaffAction, string> = {
    retry: "provisioning.not_retryable",
    complete: "provisioning.not_completable",
    cancel: "provisioning.not_cancellable",
  };
  const cases = (["retry", "complete", "cancel"] as const).flatMap((action) =>
    TASK_STATUSES.map((status) => [action, status, allowed[action][status] ?? null] as const),
  );

  it.each(cases)("%s a %s task → %s", (action, status, to) => {
    const result = staffTransition(action, { status, updatedAt: recently }, NOW);
    expect(result).toEqual(to ? { ok: true, to } : { ok: false, code: codes[action] });
  });

  it("treats a run that died (running past its lease) as failed", () => {
    const dead = { status: "running" as const, updatedAt: longAgo };
    expect(staffTransition("retry", dead, NOW)).toEqual({ ok: true, to: "queued" });
    expect(staffTransition("cancel", dead, NOW)).toEqual({ ok: true, to: "cancelled" });
  });

  it("never changes a finished task", () => {
    for (const status of TASK_STATUSES.filter(isFinished)) {
      for (const action of ["retry", "complete", "cancel"] as const) {
        expect(staffTransition(action, { status, updatedAt: longAgo }, NOW).ok).toBe(false);
      }
    }
  });
});

describe("what the customer is told", () => {
  it.each<[TaskStatus | null, boolean, DeliveryState]>([
    [null, false, "not_required"],
    [null, true, "in_progress"],
    ["queued", true, "in_progress"],
    ["running", true, "in_progress"],
    ["waiting", true, "in_progress"],
    ["manual", true, "with_staff"],
    ["failed", true, "delayed"],
    ["done", true, "delivered"],
    ["cancelled", true, "cancelled"],
  ])("latest task %s (module set: %s) → %s", (status, required, state) => {
    expect(deliveryState(status, required)).toBe(state);
  });

  it("an active service with no task was set up before (or by hand): delivered", () => {
    expect(deliveryState(null, true, false)).toBe("delivered");
    expect(deliveryState(null, false, false)).toBe("not_required");
    expect(deliveryState("queued", true, false)).toBe("in_progress");
  });
});

describe("public module data", () => {
  it.each<[Record<string, unknown>, Record<string, string>]>([
    [
      { username: "kavezo", panelUrl: "https://panel:2083" },
      { username: "kavezo", panelUrl: "https://panel:2083" },
    ],
    [
      { username: "a", password: "s3cret", apiKey: "k", api_key: "k", token: "t" },
      { username: "a" },
    ],
    [{ rootPassword: "x", clientSecret: "y", privateKey: "z", authCode: "w" }, {}],
    [{ port: 2083, ok: true, server: "web1" }, { server: "web1" }],
  ])("%j → %j", (data, expected) => {
    expect(publicData(data)).toEqual(expected);
  });

  it("cuts long values", () => {
    expect(publicData({ note: "x".repeat(600) }).note).toHaveLength(500);
  });
});

describe("delivered data over a service's tasks", () => {
  const t = (
    action: "create" | "suspend" | "terminate" | "change_plan",
    status: TaskStatus,
    result: Record<string, string> | null = null,
  ) => ({ action, status, result });

  it.each([
    ["nothing done yet", [t("create", "waiting")], {}],
    ["created", [t("create", "done", { username: "a", plan: "s" })], { username: "a", plan: "s" }],
    [
      "created, suspended, plan changed",
      [
        t("create", "done", { username: "a", plan: "s" }),
        t("suspend", "done"),
        t("change_plan", "done", { plan: "l" }),
      ],
      { username: "a", plan: "l" },
    ],
    [
      "a failed change keeps what was delivered",
      [t("create", "done", { username: "a" }), t("change_plan", "failed", { plan: "x" })],
      { username: "a" },
    ],
    ["terminated", [t("create", "done", { username: "a" }), t("terminate", "done")], {}],
  ])("%s", (_name, tasks, expected) => {
    expect(deliveredData(tasks)).toEqual(expected);
  });
});

describe("check-again delay", () => {
  it.each([
    [20, 20],
    [0.2, 1],
    [-5, 1],
    [Number.NaN, 60],
    [10 * 24 * 3600, 7 * 24 * 3600],
  ])("%d s → %d s", (requested, seconds) => {
    expect(checkDelaySeconds(requested)).toBe(seconds);
  });
});
