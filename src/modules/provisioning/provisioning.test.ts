import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime, type TestRuntime } from "../../../test/db.ts";
import { makeCustomer, makeProduct, makeService } from "../../../test/factories.ts";
import { eventually } from "../../../test/wait.ts";
import type { Actor } from "../../platform/audit.ts";
import { AppError } from "../../platform/errors.ts";
import {
  cancelTask,
  completeManualTask,
  configureProductProvisioning,
  listTasks,
  PROVISIONING_RETRY_LIMIT,
  PROVISIONING_RUN_JOB,
  requestProvisioning,
  retryTask,
  runProvisioningTask,
  serviceDeliveryStatus,
  type ProvisioningAction,
} from "./index.ts";
import { insertTaskUnlessOpen } from "./repo.ts";

let rt: TestRuntime;
let customerId: string;
const actor: Actor = { type: "system", name: "test" };
const staff: Actor = { type: "user", userId: "usr_staff_test" };

beforeAll(async () => {
  rt = await createTestRuntime();
  customerId = (await makeCustomer(rt)).customerId;
});
afterAll(async () => {
  await rt.close();
});

async function productWith(module: string | null, settings: Record<string, unknown> = {}) {
  const { productId } = await makeProduct(rt);
  await configureProductProvisioning(rt, productId, { module, settings }, actor);
  return productId;
}

async function serviceWith(productId: string, label: string) {
  return makeService(rt, customerId, { productId, label, status: "pending" });
}

function request(serviceId: string, action: ProvisioningAction = "create") {
  return rt.db
    .transaction()
    .execute((tx) => requestProvisioning(tx, rt, { serviceId, action, actor }));
}

function run(taskId: string, retryCount = 0) {
  return runProvisioningTask(rt, taskId, { retryCount, retryLimit: PROVISIONING_RETRY_LIMIT });
}

async function task(id: string) {
  return rt.db
    .selectFrom("provisioning_tasks")
    .selectAll()
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
}

/** The run jobs enqueued for a task, oldest first. */
async function jobsOf(taskId: string) {
  const r = await sql<{ start_after: Date; state: string }>`
    SELECT start_after, state FROM pgboss.job
    WHERE name = ${PROVISIONING_RUN_JOB} AND data->>'taskId' = ${taskId}
    ORDER BY created_on, start_after`.execute(rt.db);
  return r.rows;
}

async function auditActions(taskId: string) {
  const rows = await rt.db
    .selectFrom("audit_log")
    .select(["action", "data"])
    .where("subject_id", "=", taskId)
    .orderBy("id")
    .execute();
  return rows.map((r) => r.action);
}

async function created(serviceId: string, action: ProvisioningAction = "create") {
  const r = await request(serviceId, action);
  if (!r) throw new Error("no task requested");
  return r.taskId;
}

describe("demo hosting delivery", () => {
  it("creates the account after the delay: waiting with a delayed check, then delivered", async () => {
    const productId = await productWith("demo_hosting", { panelUrl: "https://cp.kapu.test" });
    const serviceId = await serviceWith(productId, "kávézó.hu");

    const requested = await request(serviceId);
    expect(requested).toMatchObject({ status: "queued", created: true });
    const taskId = requested!.taskId;
    expect(taskId).toMatch(/^ptk_/);
    expect(await jobsOf(taskId)).toHaveLength(1);
    expect(await serviceDeliveryStatus(rt.db, serviceId)).toMatchObject({
      state: "in_progress",
      action: "create",
      status: "queued",
      data: {},
    });

    // First run: the panel starts setting the account up and asks to be checked in 20 s.
    expect(await run(taskId)).toMatchObject({ outcome: "waiting", status: "waiting" });
    const waiting = await task(taskId);
    expect(waiting).toMatchObject({ status: "waiting", attempts: 1, finished_at: null });
    expect(waiting.check_after?.toISOString()).toBe("2026-11-23T10:00:20.000Z");
    const jobs = await jobsOf(taskId);
    expect(jobs).toHaveLength(2);
    expect(jobs[1]!.start_after.toISOString()).toBe("2026-11-23T10:00:20.000Z");

    // A check that comes early is told to wait the rest.
    rt.clock.advance({ seconds: 5 });
    expect(await run(taskId)).toMatchObject({ outcome: "waiting" });
    expect((await task(taskId)).check_after?.toISOString()).toBe("2026-11-23T10:00:20.000Z");

    rt.clock.advance({ seconds: 15 });
    expect(await run(taskId)).toMatchObject({ outcome: "done", status: "done" });
    const done = await task(taskId);
    expect(done).toMatchObject({ status: "done", attempts: 3, check_after: null });

    const delivery = await serviceDeliveryStatus(rt.db, serviceId);
    expect(delivery).toMatchObject({
      state: "delivered",
      action: "create",
      status: "done",
      data: {
        username: "kavezo",
        domain: "kávézó.hu",
        panelUrl: "https://cp.kapu.test",
        server: "web1.demo.kapu.test",
      },
    });
    // Delivered 20 s after it was asked for: what "ready in about 5 minutes" is measured by.
    expect(delivery!.finishedAt!.getTime() - delivery!.requestedAt!.getTime()).toBe(20_000);
    expect(await auditActions(taskId)).toEqual([
      "provisioning.requested",
      "provisioning.started",
      "provisioning.waiting",
      "provisioning.started",
      "provisioning.waiting",
      "provisioning.started",
      "provisioning.done",
    ]);

    // A late or duplicate job for the finished task changes nothing.
    expect(await run(taskId)).toMatchObject({ outcome: "skipped", status: "done" });
    expect((await task(taskId)).attempts).toBe(3);
  });

  it("is run by the job worker when jobs are on", async () => {
    const worker = await createTestRuntime();
    try {
      const owner = await makeCustomer(worker);
      const { productId } = await makeProduct(worker);
      await configureProductProvisioning(
        worker,
        productId,
        { module: "demo_hosting", settings: { delaySeconds: 0 } },
        actor,
      );
      const serviceId = await makeService(worker, owner.customerId, {
        productId,
        label: "worker.hu",
      });
      const r = await worker.db
        .transaction()
        .execute((tx) => requestProvisioning(tx, worker, { serviceId, action: "create", actor }));
      await worker.jobs.work();
      await eventually(
        "the task done by the worker",
        async () => (await serviceDeliveryStatus(worker.db, serviceId))?.state === "delivered",
        { timeoutMs: 20_000, intervalMs: 200 },
      );
      const row = await worker.db
        .selectFrom("provisioning_tasks")
        .select(["status", "result"])
        .where("id", "=", r!.taskId)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: "done", result: { username: "worker" } });
    } finally {
      await worker.close();
    }
  });
});

describe("failures", () => {
  it("retries a retryable failure (the job throws, the task says why) and then succeeds", async () => {
    const productId = await productWith("demo_hosting", { delaySeconds: 0 });
    const serviceId = await serviceWith(productId, "flaky-provisioning.hu");
    const taskId = await created(serviceId);

    await expect(run(taskId, 0)).rejects.toThrow(/did not answer/);
    expect(await task(taskId)).toMatchObject({
      status: "queued",
      attempts: 1,
      last_error: "The control panel did not answer within 30 seconds (demo).",
    });
    expect((await serviceDeliveryStatus(rt.db, serviceId))?.state).toBe("in_progress");

    // The job system's retry (retryCount 1) runs it again.
    expect(await run(taskId, 1)).toMatchObject({ outcome: "done" });
    expect(await task(taskId)).toMatchObject({ status: "done", attempts: 2 });
    expect(await auditActions(taskId)).toEqual([
      "provisioning.requested",
      "provisioning.started",
      "provisioning.attempt_failed",
      "provisioning.started",
      "provisioning.done",
    ]);
  });

  it("fails a task whose retryable error comes on the last retry", async () => {
    const productId = await productWith("demo_hosting", { delaySeconds: 0 });
    const serviceId = await serviceWith(productId, "flaky-provisioning-last.hu");
    const taskId = await created(serviceId);
    const report = await run(taskId, PROVISIONING_RETRY_LIMIT);
    expect(report).toMatchObject({ outcome: "failed", status: "failed" });
    expect(await task(taskId)).toMatchObject({ status: "failed", finished_at: null });
  });

  it("shows a permanent failure to staff with the module's message; staff retry it after fixing the cause", async () => {
    const productId = await productWith("demo_hosting", { delaySeconds: 0 });
    const serviceId = await serviceWith(productId, "fail-provisioning.hu");
    const taskId = await created(serviceId);

    // Not retryable: failed at once, no exception for the job system to retry.
    expect(await run(taskId, 0)).toMatchObject({ outcome: "failed", status: "failed" });
    const failed = await task(taskId);
    expect(failed.status).toBe("failed");
    expect(failed.last_error).toContain("refused to create the account for fail-provisioning.hu");
    expect(await auditActions(taskId)).toContain("provisioning.failed");

    const list = await listTasks(rt.db, { status: "failed", limit: 50 });
    expect(list.items.find((t) => t.id === taskId)).toMatchObject({
      status: "failed",
      last_error: failed.last_error,
      service_label: "fail-provisioning.hu",
    });
    // The customer is told it is late, not the module's message.
    const delivery = await serviceDeliveryStatus(rt.db, serviceId);
    expect(delivery).toMatchObject({ state: "delayed", status: "failed", data: {} });
    expect(JSON.stringify(delivery)).not.toContain("refused");

    // Staff correct the domain, then retry: queued with a new job, and the run delivers.
    await rt.db
      .updateTable("services")
      .set({ label: "fixed.hu" })
      .where("id", "=", serviceId)
      .execute();
    expect(await retryTask(rt, taskId, staff)).toEqual({ taskId, status: "queued" });
    expect(await jobsOf(taskId)).toHaveLength(2);
    expect(await run(taskId, 0)).toMatchObject({ outcome: "done" });
    expect(await serviceDeliveryStatus(rt.db, serviceId)).toMatchObject({
      state: "delivered",
      data: { username: "fixed", domain: "fixed.hu" },
    });
    expect(await auditActions(taskId)).toEqual([
      "provisioning.requested",
      "provisioning.started",
      "provisioning.failed",
      "provisioning.retried",
      "provisioning.started",
      "provisioning.done",
    ]);
    const retried = await rt.db
      .selectFrom("audit_log")
      .selectAll()
      .where("subject_id", "=", taskId)
      .where("action", "=", "provisioning.retried")
      .executeTakeFirstOrThrow();
    expect(retried).toMatchObject({ actor_type: "user", actor_id: "usr_staff_test" });

    // A done task cannot be retried.
    const refused = await retryTask(rt, taskId, staff).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: "provisioning.not_retryable", status: 409 });
  });

  it("fails a task whose module is not installed; fixing the product and retrying delivers", async () => {
    const productId = await productWith(null);
    await rt.db
      .updateTable("products")
      .set({ provisioning_module: "cpanel_typo" })
      .where("id", "=", productId)
      .execute();
    const serviceId = await serviceWith(productId, "typo.hu");
    const taskId = await created(serviceId);
    expect(await run(taskId)).toMatchObject({ outcome: "failed" });
    expect((await task(taskId)).last_error).toContain("No provisioning module named cpanel_typo");

    await configureProductProvisioning(
      rt,
      productId,
      { module: "demo_hosting", settings: { delaySeconds: 0 } },
      staff,
    );
    await retryTask(rt, taskId, staff);
    expect(await task(taskId)).toMatchObject({ status: "queued", module: "demo_hosting" });
    expect(await run(taskId)).toMatchObject({ outcome: "done" });
  });

  it("takes over a run that died (still running after its lease)", async () => {
    const productId = await productWith("demo_hosting", { delaySeconds: 0 });
    const serviceId = await serviceWith(productId, "crash.hu");
    const taskId = await created(serviceId);
    // As a process that crashed mid-call leaves it.
    await rt.db
      .updateTable("provisioning_tasks")
      .set({ status: "running", attempts: 1, updated_at: rt.clock.now() })
      .where("id", "=", taskId)
      .execute();
    expect(await run(taskId)).toMatchObject({ outcome: "skipped", status: "running" });
    rt.clock.advance({ minutes: 10 });
    expect(await run(taskId)).toMatchObject({ outcome: "done" });
    expect(await task(taskId)).toMatchObject({ status: "done", attempts: 2 });
  });
});

describe("manual fulfilment queue", () => {
  it("puts the task in the queue without a job; staff complete it with a note", async () => {
    const productId = await productWith("manual");
    const serviceId = await serviceWith(productId, "ssl.kavezo.hu");
    const requested = await request(serviceId);
    expect(requested).toMatchObject({ status: "manual", created: true });
    const taskId = requested!.taskId;
    expect(await jobsOf(taskId)).toEqual([]);
    expect((await serviceDeliveryStatus(rt.db, serviceId))?.state).toBe("with_staff");

    const queue = await listTasks(rt.db, { status: "manual", limit: 50 });
    expect(queue.items.map((t) => t.id)).toContain(taskId);

    // A job arriving for a manual task does nothing.
    expect(await run(taskId)).toMatchObject({ outcome: "skipped", status: "manual" });

    rt.clock.advance({ days: 2 });
    const note = "Domain validated by e-mail, certificate installed on web1.";
    expect(await completeManualTask(rt, taskId, note, staff)).toEqual({ taskId, status: "done" });
    expect(await task(taskId)).toMatchObject({ status: "done", note });
    const delivery = await serviceDeliveryStatus(rt.db, serviceId);
    expect(delivery).toMatchObject({ state: "delivered", status: "done" });
    expect(delivery!.finishedAt!.getTime() - delivery!.requestedAt!.getTime()).toBe(
      2 * 24 * 3600 * 1000,
    );
    expect(await auditActions(taskId)).toEqual([
      "provisioning.requested",
      "provisioning.completed_by_staff",
    ]);
    expect(
      (await listTasks(rt.db, { status: "manual", limit: 50 })).items.map((t) => t.id),
    ).not.toContain(taskId);

    await expect(completeManualTask(rt, taskId, "again", staff)).rejects.toMatchObject({
      code: "provisioning.not_completable",
      status: 409,
    });
  });
});

describe("requesting", () => {
  it("twice gives one task and one job; another action is its own task", async () => {
    const productId = await productWith("demo_hosting");
    const serviceId = await serviceWith(productId, "twice.hu");
    const first = await request(serviceId);
    const second = await request(serviceId);
    expect(first).toMatchObject({ created: true, status: "queued" });
    expect(second).toEqual({ taskId: first!.taskId, status: "queued", created: false });
    expect(await jobsOf(first!.taskId)).toHaveLength(1);

    const suspend = await request(serviceId, "suspend");
    expect(suspend).toMatchObject({ created: true });
    expect(suspend!.taskId).not.toBe(first!.taskId);
    const tasks = await rt.db
      .selectFrom("provisioning_tasks")
      .select(["action"])
      .where("service_id", "=", serviceId)
      .execute();
    expect(tasks.map((t) => t.action).sort()).toEqual(["create", "suspend"]);

    // Two requests racing past the look-up: the database keeps one unfinished task.
    const raced = await rt.db.transaction().execute((tx) =>
      insertTaskUnlessOpen(tx, {
        id: "ptk_raced",
        serviceId,
        customerId,
        action: "create",
        module: "demo_hosting",
        status: "queued",
        requestedBy: null,
        now: rt.clock.now(),
      }),
    );
    expect(raced).toBe(false);
    expect(await jobsOf("ptk_raced")).toEqual([]);
  });

  it("at the same time gives one task, and two runs of it at once call the module once", async () => {
    const productId = await productWith("demo_hosting", { delaySeconds: 0 });
    const serviceId = await serviceWith(productId, "together.hu");
    const requests = await Promise.all([request(serviceId), request(serviceId)]);
    expect(new Set(requests.map((r) => r?.taskId)).size).toBe(1);
    expect(requests.map((r) => r?.created).sort()).toEqual([false, true]);
    const taskId = requests[0]!.taskId;

    const runs = await Promise.all([run(taskId), run(taskId)]);
    expect(runs.map((r) => r.outcome).sort()).toEqual(["done", "skipped"]);
    expect(await task(taskId)).toMatchObject({ status: "done", attempts: 1 });
  });

  it("the same action again once the earlier task is finished makes a new task", async () => {
    const productId = await productWith("demo_hosting", { delaySeconds: 0 });
    const serviceId = await serviceWith(productId, "renew.hu");
    const first = await created(serviceId, "renew");
    await run(first);
    const again = await request(serviceId, "renew");
    expect(again).toMatchObject({ created: true, status: "queued" });
    expect(again!.taskId).not.toBe(first);
  });

  it("does nothing for a product without a module", async () => {
    const productId = await productWith(null);
    const serviceId = await serviceWith(productId, "plain.hu");
    expect(await request(serviceId)).toBeNull();
    expect(await serviceDeliveryStatus(rt.db, serviceId)).toMatchObject({
      state: "not_required",
      action: null,
      status: null,
    });
  });

  it("refuses an unknown service", async () => {
    await expect(request("svc_does_not_exist")).rejects.toMatchObject({ code: "not_found" });
  });
});

describe("cancelling", () => {
  it("finishes the task; its job then does nothing", async () => {
    const productId = await productWith("demo_hosting");
    const serviceId = await serviceWith(productId, "cancel.hu");
    const taskId = await created(serviceId);
    expect(await cancelTask(rt, taskId, "Ordered by mistake", staff)).toEqual({
      taskId,
      status: "cancelled",
    });
    expect(await task(taskId)).toMatchObject({ status: "cancelled", note: "Ordered by mistake" });
    expect(await run(taskId)).toMatchObject({ outcome: "skipped", status: "cancelled" });
    expect((await serviceDeliveryStatus(rt.db, serviceId))?.state).toBe("cancelled");
    await expect(cancelTask(rt, taskId, "again", staff)).rejects.toMatchObject({
      code: "provisioning.not_cancellable",
    });
  });
});

describe("product configuration", () => {
  it("refuses an unknown module and settings the module cannot use", async () => {
    const { productId } = await makeProduct(rt);
    await expect(
      configureProductProvisioning(rt, productId, { module: "cpanel_typo" }, actor),
    ).rejects.toMatchObject({ code: "provisioning.unknown_module", status: 422 });
    await expect(
      configureProductProvisioning(
        rt,
        productId,
        { module: "demo_hosting", settings: { delaySeconds: -3 } },
        actor,
      ),
    ).rejects.toMatchObject({ code: "provisioning.invalid_settings" });
    const product = await rt.db
      .selectFrom("products")
      .select(["provisioning_module", "provisioning_settings"])
      .where("id", "=", productId)
      .executeTakeFirstOrThrow();
    expect(product).toEqual({ provisioning_module: null, provisioning_settings: {} });
  });
});

describe("staff list", () => {
  it("pages newest first with a cursor", async () => {
    const productId = await productWith("manual");
    const ids: string[] = [];
    for (const n of [1, 2, 3]) {
      rt.clock.advance({ seconds: 1 });
      ids.push(await created(await serviceWith(productId, `page-${n}.hu`)));
    }
    const all = await listTasks(rt.db, { status: "manual", limit: 500 });
    const ours = all.items.filter((t) => ids.includes(t.id)).map((t) => t.id);
    expect(ours).toEqual([...ids].reverse());

    const first = await listTasks(rt.db, { status: "manual", limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await listTasks(rt.db, {
      status: "manual",
      limit: 2,
      cursor: first.nextCursor!,
    });
    const seen = [...first.items, ...second.items].map((t) => t.id);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.slice(0, 3)).toEqual(all.items.slice(0, 3).map((t) => t.id));
  });
});
