import { writeAudit, type Actor } from "../../../platform/audit.ts";
import type { Deps } from "../../../platform/context.ts";
import { PROVISIONING_RUN_JOB } from "../constants.ts";
import {
  CALL_TIMEOUT_SECONDS,
  checkDelaySeconds,
  isStaleRun,
  mayStartRun,
  publicData,
  statusAfterRun,
  type TaskStatus,
} from "../domain/tasks.ts";
import { findModule } from "../drivers/index.ts";
import { ACTION_METHODS, ProvisioningError, type ProvisioningContext } from "../port.ts";
import {
  findServiceForProvisioning,
  lockTask,
  updateTask,
  type ServiceForProvisioning,
  type TaskRow,
} from "../repo.ts";

const SYSTEM: Actor = { type: "system", name: "provisioning" };

export interface RunReport {
  taskId: string;
  /** What this run did: nothing (missing, skipped) or the status it left the task in. */
  outcome: "missing" | "skipped" | "done" | "waiting" | "retrying" | "failed";
  status: TaskStatus | null;
  error: string | null;
}

type CallOutcome =
  | { kind: "done"; data: Record<string, string> }
  | { kind: "pending"; seconds: number; state: Record<string, string> | null }
  | { kind: "error"; message: string; retryable: boolean };

/**
 * One run of a task's module: the `provisioning.run` job's handler (and what tests call).
 *
 * 1. Claim: with the task row locked, a queued or waiting task (or a run that died) becomes
 *    `running` and its attempt is counted; anything else (done, cancelled, failed, running
 *    elsewhere) is left alone, so a duplicate or late job changes nothing.
 * 2. Call the module, outside any transaction (a control panel may take seconds; a transaction
 *    held that long would stall the embedded database), bounded by CALL_TIMEOUT_SECONDS.
 * 3. Record, with the row locked again and only if this run still owns it: done (with the
 *    public data), waiting (and a delayed check job), queued again after a retryable error
 *    (then this handler throws, so the job system retries with back-off) or failed, with the
 *    module's message, after a permanent error or the last retry. Every change is audited.
 */
export async function runProvisioningTask(
  deps: Pick<Deps, "db" | "clock" | "jobs" | "logger">,
  taskId: string,
  job: { retryCount: number; retryLimit: number },
): Promise<RunReport> {
  const claim = await deps.db.transaction().execute(async (tx) => {
    const task = await lockTask(tx, taskId);
    if (!task) return { claimed: false as const, report: report(taskId, "missing", null) };
    const now = deps.clock.now();
    const decision = mayStartRun({ status: task.status, updatedAt: task.updated_at }, now);
    if (!decision.start) {
      return { claimed: false as const, report: report(taskId, "skipped", task.status) };
    }
    const service = await findServiceForProvisioning(tx, task.service_id);
    if (!service) throw new Error(`service ${task.service_id} of ${taskId} is missing`);
    const attempt = task.attempts + 1;
    await updateTask(tx, taskId, {
      status: "running",
      attempts: attempt,
      check_after: null,
      updated_at: now,
    });
    await writeAudit(tx, deps.clock, SYSTEM, {
      action: "provisioning.started",
      subjectType: "provisioning_task",
      subjectId: taskId,
      customerId: task.customer_id,
      data: {
        attempt,
        from: task.status,
        ...(isStaleRun({ status: task.status, updatedAt: task.updated_at }, now)
          ? { takeover: true }
          : {}),
      },
    });
    return { claimed: true as const, task, service, attempt };
  });
  if (!claim.claimed) return claim.report;

  const { task, service, attempt } = claim;
  const outcome = await callModule(task, service, attempt, deps.clock.now());
  const lastAttempt = job.retryCount >= job.retryLimit;

  const result = await deps.db.transaction().execute(async (tx) => {
    const current = await lockTask(tx, taskId);
    const now = deps.clock.now();
    if (!current || current.status !== "running" || current.attempts !== attempt) {
      // Staff or another run changed the task meanwhile: record what the module said, change nothing.
      await writeAudit(tx, deps.clock, SYSTEM, {
        action: "provisioning.result_discarded",
        subjectType: "provisioning_task",
        subjectId: taskId,
        customerId: task.customer_id,
        data: { attempt, outcome: outcome.kind, ...(current ? { status: current.status } : {}) },
      });
      return report(taskId, "skipped", current?.status ?? null);
    }
    const audit = (action: string, data: Record<string, unknown>) =>
      writeAudit(tx, deps.clock, SYSTEM, {
        action,
        subjectType: "provisioning_task",
        subjectId: taskId,
        customerId: task.customer_id,
        data: { attempt, serviceId: task.service_id, action: task.action, ...data },
      });
    switch (outcome.kind) {
      case "done": {
        await updateTask(tx, taskId, {
          status: statusAfterRun({ kind: "done" }),
          result: JSON.stringify(outcome.data),
          module_state: null,
          check_after: null,
          finished_at: now,
          updated_at: now,
        });
        await audit("provisioning.done", { data: outcome.data });
        return report(taskId, "done", "done");
      }
      case "pending": {
        const checkAfter = new Date(now.getTime() + outcome.seconds * 1000);
        await updateTask(tx, taskId, {
          status: statusAfterRun({ kind: "pending" }),
          module_state: outcome.state ? JSON.stringify(outcome.state) : null,
          check_after: checkAfter,
          updated_at: now,
        });
        await deps.jobs.send(tx, PROVISIONING_RUN_JOB, { taskId }, { startAfter: checkAfter });
        await audit("provisioning.waiting", { checkAfter: checkAfter.toISOString() });
        return report(taskId, "waiting", "waiting");
      }
      case "error": {
        const status = statusAfterRun({
          kind: "error",
          retryable: outcome.retryable,
          lastAttempt,
        });
        await updateTask(tx, taskId, { status, last_error: outcome.message, updated_at: now });
        if (status === "queued") {
          await audit("provisioning.attempt_failed", {
            error: outcome.message,
            retry: job.retryCount + 1,
          });
          return report(taskId, "retrying", status, outcome.message);
        }
        await audit("provisioning.failed", {
          error: outcome.message,
          retryable: outcome.retryable,
        });
        return report(taskId, "failed", status, outcome.message);
      }
    }
  });

  if (result.outcome === "retrying") {
    // The job system retries this job later, with back-off; the task says why meanwhile.
    throw new Error(result.error ?? "provisioning failed");
  }
  if (result.outcome === "failed") {
    deps.logger.warn(
      { taskId, serviceId: task.service_id, module: task.module, err: result.error },
      "provisioning task failed: waiting for staff",
    );
  }
  return result;
}

function report(
  taskId: string,
  outcome: RunReport["outcome"],
  status: TaskStatus | null,
  error: string | null = null,
): RunReport {
  return { taskId, outcome, status, error };
}

async function callModule(
  task: TaskRow,
  service: ServiceForProvisioning,
  attempt: number,
  now: Date,
): Promise<CallOutcome> {
  const registered = findModule(task.module);
  if (!registered || registered.kind !== "automatic") {
    return {
      kind: "error",
      retryable: false,
      message: registered
        ? `The ${task.module} module is not automatic: staff complete its tasks by hand.`
        : `No provisioning module named ${task.module} is installed: correct the product's module, then retry.`,
    };
  }
  const context: ProvisioningContext = {
    taskId: task.id,
    serviceId: service.id,
    customerId: service.customer_id,
    productCode: service.product_code,
    label: service.label,
    billingCycle: service.billing_cycle,
    settings: service.provisioning_settings,
    attempt,
    state: task.module_state,
    now,
  };
  try {
    const method = ACTION_METHODS[task.action];
    const result = await withTimeout(
      registered.module[method](context),
      CALL_TIMEOUT_SECONDS * 1000,
      `The ${task.module} module did not answer within ${CALL_TIMEOUT_SECONDS} seconds.`,
    );
    if ("done" in result && result.done) return { kind: "done", data: publicData(result.data) };
    if ("pending" in result && result.pending) {
      return {
        kind: "pending",
        seconds: checkDelaySeconds(result.checkAgainInSeconds),
        state: result.state ? publicStateOf(result.state) : null,
      };
    }
    return {
      kind: "error",
      retryable: false,
      message: `The ${task.module} module returned a result Kapu does not understand.`,
    };
  } catch (error) {
    if (error instanceof ProvisioningError) {
      return { kind: "error", message: error.message, retryable: error.retryable };
    }
    // An unexpected error (a bug, the network): retried, and shown as it is.
    return {
      kind: "error",
      retryable: true,
      message: error instanceof Error ? error.message : String(error),
    };
  }
}

/** The module's own state between checks: strings only, as the port promises. */
function publicStateOf(state: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(state)) if (typeof v === "string") out[k] = v;
  return out;
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProvisioningError(message, { retryable: true })), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
