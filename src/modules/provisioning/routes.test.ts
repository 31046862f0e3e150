import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime, type TestRuntime } from "../../../test/db.ts";
import {
  makeCustomer,
  makeProduct,
  makeService,
  makeStaff,
  PASSWORD,
} from "../../../test/factories.ts";
import { createTestApp, loginAs, type Session } from "../../../test/http.ts";
import type { Actor } from "../../platform/audit.ts";
import {
  configureProductProvisioning,
  PROVISIONING_RETRY_LIMIT,
  requestProvisioning,
  runProvisioningTask,
} from "./index.ts";

/** The provisioning API: the staff lists and actions, the customer's delivery status. */
let rt: TestRuntime;
let app: FastifyInstance;
let staff: Session;
let customer: Session;
let customerId: string;
let otherCustomerId: string;
const actor: Actor = { type: "system", name: "test" };

beforeAll(async () => {
  rt = await createTestRuntime();
  app = await createTestApp(rt);
  const c = await makeCustomer(rt);
  customerId = c.customerId;
  otherCustomerId = (await makeCustomer(rt)).customerId;
  const s = await makeStaff(rt, { role: "support" });
  staff = await loginAs(app, s.email, PASSWORD);
  customer = await loginAs(app, c.email, PASSWORD);
});
afterAll(async () => {
  await app.close();
  await rt.close();
});

const get = (url: string, s: Session | null = staff) =>
  app.inject({ method: "GET", url, headers: s ? { cookie: s.cookie } : {} });
const post = (url: string, payload: object | undefined, s: Session | null = staff) =>
  app.inject({
    method: "POST",
    url,
    ...(payload ? { payload } : {}),
    headers: s ? { cookie: s.cookie, "x-csrf-token": s.csrfToken } : {},
  });

async function taskFor(
  module: string,
  label: string,
  o: { owner?: string; settings?: Record<string, unknown> } = {},
) {
  const { productId } = await makeProduct(rt);
  await configureProductProvisioning(
    rt,
    productId,
    { module, settings: o.settings ?? { delaySeconds: 0 } },
    actor,
  );
  const serviceId = await makeService(rt, o.owner ?? customerId, { productId, label });
  const r = await rt.db
    .transaction()
    .execute((tx) => requestProvisioning(tx, rt, { serviceId, action: "create", actor }));
  return { serviceId, taskId: r!.taskId };
}

const run = (taskId: string) =>
  runProvisioningTask(rt, taskId, { retryCount: 0, retryLimit: PROVISIONING_RETRY_LIMIT });

describe("customer delivery status", () => {
  it("shows the delivered account of my service, and 404 for someone else's", async () => {
    const mine = await taskFor("demo_hosting", "sajat.hu");
    let res = await get(`/api/me/services/${mine.serviceId}/delivery`, customer);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      serviceId: mine.serviceId,
      state: "in_progress",
      action: "create",
      status: "queued",
      finishedAt: null,
      data: {},
    });

    await run(mine.taskId);
    res = await get(`/api/me/services/${mine.serviceId}/delivery`, customer);
    expect(res.json()).toMatchObject({
      state: "delivered",
      status: "done",
      data: {
        username: "sajat",
        domain: "sajat.hu",
        panelUrl: "https://panel.demo.kapu.test:2083",
      },
    });
    expect(res.json().finishedAt).toBe(rt.clock.now().toISOString());

    const theirs = await taskFor("demo_hosting", "masik.hu", { owner: otherCustomerId });
    const other = await get(`/api/me/services/${theirs.serviceId}/delivery`, customer);
    expect(other.statusCode).toBe(404);
    expect(other.headers["content-type"]).toContain("application/problem+json");
    expect(other.json()).toMatchObject({ code: "not_found" });
    expect((await get(`/api/me/services/svc_nope/delivery`, customer)).statusCode).toBe(404);
  });

  it("is for customers only", async () => {
    const mine = await taskFor("manual", "ssl.sajat.hu");
    expect((await get(`/api/me/services/${mine.serviceId}/delivery`, null)).statusCode).toBe(401);
    expect((await get(`/api/me/services/${mine.serviceId}/delivery`, staff)).statusCode).toBe(403);
    const res = await get(`/api/me/services/${mine.serviceId}/delivery`, customer);
    expect(res.json()).toMatchObject({ state: "with_staff", status: "manual" });
  });
});

describe("staff provisioning tasks", () => {
  it("lists failures with the module's message, retries them, and refuses retrying a done task", async () => {
    const failing = await taskFor("demo_hosting", "fail-provisioning.hu");
    await run(failing.taskId);

    const list = await get("/api/staff/provisioning/tasks?status=failed");
    expect(list.statusCode).toBe(200);
    const item = list.json().items.find((t: { id: string }) => t.id === failing.taskId);
    expect(item).toMatchObject({
      serviceId: failing.serviceId,
      serviceLabel: "fail-provisioning.hu",
      customer: { id: customerId },
      action: "create",
      module: "demo_hosting",
      status: "failed",
      attempts: 1,
      finishedAt: null,
    });
    expect(item.lastError).toContain("refused");
    expect(list.json().items.every((t: { status: string }) => t.status === "failed")).toBe(true);

    await rt.db
      .updateTable("services")
      .set({ label: "javitott.hu" })
      .where("id", "=", failing.serviceId)
      .execute();
    const retried = await post(`/api/staff/provisioning/tasks/${failing.taskId}/retry`, undefined);
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ id: failing.taskId, status: "queued" });
    await run(failing.taskId);

    const again = await post(`/api/staff/provisioning/tasks/${failing.taskId}/retry`, undefined);
    expect(again.statusCode).toBe(409);
    expect(again.headers["content-type"]).toContain("application/problem+json");
    expect(again.json()).toMatchObject({ status: 409, code: "provisioning.not_retryable" });

    const missing = await post("/api/staff/provisioning/tasks/ptk_nope/retry", undefined);
    expect(missing.statusCode).toBe(404);
  });

  it("completes a task of the manual queue with a note", async () => {
    const ssl = await taskFor("manual", "ssl.example.hu");
    const queue = await get("/api/staff/provisioning/tasks?status=manual");
    expect(queue.json().items.map((t: { id: string }) => t.id)).toContain(ssl.taskId);

    const noNote = await post(`/api/staff/provisioning/tasks/${ssl.taskId}/complete`, {});
    expect(noNote.statusCode).toBe(400);
    const done = await post(`/api/staff/provisioning/tasks/${ssl.taskId}/complete`, {
      note: "Certificate validated and installed",
    });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({
      status: "done",
      note: "Certificate validated and installed",
    });
    expect(done.json().finishedAt).not.toBeNull();

    const twice = await post(`/api/staff/provisioning/tasks/${ssl.taskId}/complete`, {
      note: "again",
    });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe("provisioning.not_completable");
  });

  it("cancels a queued task with a reason", async () => {
    const t = await taskFor("demo_hosting", "megse.hu");
    const res = await post(`/api/staff/provisioning/tasks/${t.taskId}/cancel`, {
      reason: "Ordered twice",
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: "cancelled", note: "Ordered twice" });
    const again = await post(`/api/staff/provisioning/tasks/${t.taskId}/cancel`, {
      reason: "Ordered twice",
    });
    expect(again.json()).toMatchObject({ status: 409, code: "provisioning.not_cancellable" });
  });

  it("rejects an unknown status filter", async () => {
    expect((await get("/api/staff/provisioning/tasks?status=exploded")).statusCode).toBe(400);
    expect((await get("/api/staff/provisioning/tasks?after=garbage")).statusCode).toBe(400);
  });

  it("refuses customers (403) and anonymous callers (401)", async () => {
    const t = await taskFor("manual", "refuse.hu");
    const calls: [string, string, object | undefined][] = [
      ["GET", "/api/staff/provisioning/tasks", undefined],
      ["POST", `/api/staff/provisioning/tasks/${t.taskId}/retry`, undefined],
      ["POST", `/api/staff/provisioning/tasks/${t.taskId}/complete`, { note: "x" }],
      ["POST", `/api/staff/provisioning/tasks/${t.taskId}/cancel`, { reason: "x" }],
    ];
    for (const [method, url, payload] of calls) {
      const asCustomer =
        method === "GET" ? await get(url, customer) : await post(url, payload, customer);
      const anonymous = method === "GET" ? await get(url, null) : await post(url, payload, null);
      expect([url, asCustomer.statusCode]).toEqual([url, 403]);
      expect([url, anonymous.statusCode]).toEqual([url, 401]);
    }
    // Nothing changed.
    const row = await rt.db
      .selectFrom("provisioning_tasks")
      .select("status")
      .where("id", "=", t.taskId)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("manual");
  });
});
