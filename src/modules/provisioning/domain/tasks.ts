/**
 * The rules of a provisioning task's life, without I/O: which status may follow which, when a
 * job may run a task, what the customer is told, and what of a module's data they may see.
 */

export const PROVISIONING_ACTIONS = [
  "create",
  "suspend",
  "unsuspend",
  "terminate",
  "renew",
  "change_plan",
] as const;
export type ProvisioningAction = (typeof PROVISIONING_ACTIONS)[number];

export const TASK_STATUSES = [
  "queued",
  "running",
  "waiting",
  "done",
  "failed",
  "manual",
  "cancelled",
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Statuses a task never leaves. */
export const FINISHED_STATUSES: readonly TaskStatus[] = ["done", "cancelled"];

export function isFinished(status: TaskStatus): boolean {
  return FINISHED_STATUSES.includes(status);
}

/**
 * A run that started this long ago and never reported is taken to have died (crash, expired
 * job): the job may run the task again and staff may retry or cancel it. It matches the run
 * job's expiry, which is longer than the module call's time limit.
 */
export const RUN_LEASE_SECONDS = 600;
/** How long one module call may take before it counts as a retryable failure. */
export const CALL_TIMEOUT_SECONDS = 300;

export function isStaleRun(
  task: { status: TaskStatus; updatedAt: Date },
  now: Date,
  leaseSeconds = RUN_LEASE_SECONDS,
): boolean {
  return (
    task.status === "running" && now.getTime() - task.updatedAt.getTime() >= leaseSeconds * 1000
  );
}

/**
 * Whether a job may start a module call for the task now. A job can arrive twice, late, or after
 * staff changed the task: only queued and waiting tasks (and runs that died) are started.
 */
export function mayStartRun(
  task: { status: TaskStatus; updatedAt: Date },
  now: Date,
): { start: true } | { start: false; reason: string } {
  switch (task.status) {
    case "queued":
    case "waiting":
      return { start: true };
    case "running":
      return isStaleRun(task, now)
        ? { start: true }
        : { start: false, reason: "another run of this task is in progress" };
    case "done":
    case "failed":
    case "manual":
    case "cancelled":
      return { start: false, reason: `the task is ${task.status}` };
  }
}

/** What a run of the module led to. */
export type RunOutcome =
  | { kind: "done" }
  | { kind: "pending" }
  | { kind: "error"; retryable: boolean; lastAttempt: boolean };

/** The status a running task moves to after a module call. */
export function statusAfterRun(outcome: RunOutcome): TaskStatus {
  switch (outcome.kind) {
    case "done":
      return "done";
    case "pending":
      return "waiting";
    case "error":
      return outcome.retryable && !outcome.lastAttempt ? "queued" : "failed";
  }
}

export type StaffAction = "retry" | "complete" | "cancel";

/** From which statuses staff may do what (a dead run counts as failed). */
export const STAFF_ACTIONS: Record<StaffAction, { from: readonly TaskStatus[]; to: TaskStatus }> = {
  retry: { from: ["failed"], to: "queued" },
  complete: { from: ["manual", "failed"], to: "done" },
  cancel: { from: ["queued", "waiting", "failed", "manual"], to: "cancelled" },
};

export const STAFF_REFUSALS: Record<StaffAction, string> = {
  retry: "provisioning.not_retryable",
  complete: "provisioning.not_completable",
  cancel: "provisioning.not_cancellable",
};

export function staffTransition(
  action: StaffAction,
  task: { status: TaskStatus; updatedAt: Date },
  now: Date,
): { ok: true; to: TaskStatus } | { ok: false; code: string } {
  const rule = STAFF_ACTIONS[action];
  const status: TaskStatus = isStaleRun(task, now) ? "failed" : task.status;
  return rule.from.includes(status)
    ? { ok: true, to: rule.to }
    : { ok: false, code: STAFF_REFUSALS[action] };
}

/** A pending module's "check again in" bounded to something a job queue can honour. */
export function checkDelaySeconds(requested: number): number {
  if (!Number.isFinite(requested)) return 60;
  return Math.min(Math.max(Math.ceil(requested), 1), 7 * 24 * 3600);
}

/** What the customer sees of a task's status. */
export type DeliveryState =
  "not_required" | "in_progress" | "with_staff" | "delayed" | "delivered" | "cancelled";
export const DELIVERY_STATES: readonly DeliveryState[] = [
  "not_required",
  "in_progress",
  "with_staff",
  "delayed",
  "delivered",
  "cancelled",
];

/**
 * What the customer is told from the latest task. No task: nothing to set up (no module), being
 * set up (a pending service waiting for its first task), or delivered (a service running before
 * provisioning was configured for its product, or set up by hand).
 */
export function deliveryState(
  status: TaskStatus | null,
  required: boolean,
  servicePending = true,
): DeliveryState {
  switch (status) {
    case null:
      return !required ? "not_required" : servicePending ? "in_progress" : "delivered";
    case "queued":
    case "running":
    case "waiting":
      return "in_progress";
    case "manual":
      return "with_staff";
    case "failed":
      // Staff see the module's message; the customer is told it is late, not why.
      return "delayed";
    case "done":
      return "delivered";
    case "cancelled":
      return "cancelled";
  }
}

/**
 * The module data a customer may see: keys that look like secrets are dropped, whatever a
 * module returns by mistake. Values are cut to a sane length.
 */
const SECRET_KEY = /pass|secret|token|credential|private|api.?key|auth/i;

export function publicData(data: Readonly<Record<string, unknown>> | undefined | null) {
  const out: Record<string, string> = {};
  if (!data) return out;
  for (const [key, value] of Object.entries(data)) {
    if (SECRET_KEY.test(key) || typeof value !== "string") continue;
    if (key.length > 64) continue;
    out[key] = value.slice(0, 500);
  }
  return out;
}

/**
 * The service's delivered data from its finished tasks, oldest first: each done task's data
 * adds to (or replaces) what came before, and a termination clears it.
 */
export function deliveredData(
  tasks: readonly {
    action: ProvisioningAction;
    status: TaskStatus;
    result: Readonly<Record<string, string>> | null;
  }[],
): Record<string, string> {
  let data: Record<string, string> = {};
  for (const t of tasks) {
    if (t.status !== "done") continue;
    if (t.action === "terminate") data = {};
    else data = { ...data, ...(t.result ?? {}) };
  }
  return data;
}
