import type { FastifyInstance } from "fastify";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime, type TestRuntime } from "../../../test/db.ts";
import {
  ensureBilling,
  makeCustomer,
  makeProduct,
  makeService,
  makeStaff,
  PASSWORD,
} from "../../../test/factories.ts";
import { createTestApp, loginAs, type Session } from "../../../test/http.ts";
import { runBillingDay } from "./use-cases/billing-run.ts";

/** Cancellation, cycle change, transitions and billing runs through HTTP. */
let rt: TestRuntime;
let app: FastifyInstance;
let staff: Session;
let alice: Session;
let bob: Session;
let aliceId: string;
let productId: string;

beforeAll(async () => {
  rt = await createTestRuntime();
  app = await createTestApp(rt);
  await ensureBilling(rt);
  const a = await makeCustomer(rt, { taxNumber: "12345676-2-41", language: "en" });
  const b = await makeCustomer(rt, { taxNumber: "12345676-2-41" });
  aliceId = a.customerId;
  productId = (await makeProduct(rt)).productId;
  await makeStaff(rt, { email: "lifecycle-staff@example.test" });
  staff = await loginAs(app, "lifecycle-staff@example.test", PASSWORD);
  alice = await loginAs(app, a.email, PASSWORD);
  bob = await loginAs(app, b.email, PASSWORD);
});
afterAll(async () => {
  await app.close();
  await rt.close();
});

const send = (method: "POST" | "PUT" | "DELETE", url: string, s: Session, payload?: object) =>
  app.inject({
    method,
    url,
    ...(payload ? { payload } : {}),
    headers: { cookie: s.cookie, "x-csrf-token": s.csrfToken },
  });
const get = (url: string, s: Session) =>
  app.inject({ method: "GET", url, headers: { cookie: s.cookie } });

async function docStatus(id: string) {
  return (
    await rt.db
      .selectFrom("documents")
      .select("status")
      .where("id", "=", id)
      .executeTakeFirstOrThrow()
  ).status;
}

describe("cancellation (C4)", () => {
  it("with a month's notice ends the current period; a late one the next", async () => {
    // Today is 2026-11-23. Due 2027-01-01: more than a month ahead.
    const early = await makeService(rt, aliceId, { productId, nextDueDate: "2027-01-01" });
    const r = await send("POST", `/api/me/services/${early}/cancellation`, alice, {
      reason: "moving",
    });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ effectiveDate: "2027-01-01", documents: [] });
    // Due 2026-12-01: less than a month: the end of December.
    const late = await makeService(rt, aliceId, { productId, nextDueDate: "2026-12-01" });
    const l = await send("POST", `/api/me/services/${late}/cancellation`, alice, { reason: null });
    expect(l.json()).toMatchObject({ effectiveDate: "2027-01-01" });
    // A second request while one is pending.
    const again = await send("POST", `/api/me/services/${late}/cancellation`, alice, {});
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe("subscriptions.cancellation_pending");
  });

  it("cancels the already issued proforma of a period after the end", async () => {
    const id = await makeService(rt, aliceId, { productId, nextDueDate: "2026-12-01" });
    await runBillingDay(rt, { date: "2026-11-23", trigger: "cli" });
    const renewal = await rt.db
      .selectFrom("service_renewals")
      .select("document_id")
      .where("service_id", "=", id)
      .executeTakeFirstOrThrow();
    // Staff end it at the end of this period (the customer's notice would be too late).
    const r = await send("POST", `/api/staff/services/${id}/cancellation`, staff, {
      reason: "customer called, agreed",
      effectiveDate: "2026-12-01",
    });
    expect(r.statusCode).toBe(201);
    expect(r.json().documents).toEqual([
      expect.objectContaining({ id: renewal.document_id, action: "cancelled" }),
    ]);
    expect(await docStatus(renewal.document_id)).toBe("cancelled");
    // The run on the effective date ends it.
    const run = await runBillingDay(rt, { date: "2026-12-01", trigger: "cli" });
    expect(run.counts.cancelled).toBeGreaterThanOrEqual(1);
    const s = await rt.db
      .selectFrom("services")
      .select("status")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(s.status).toBe("cancelled");
    const list = await get("/api/staff/cancellations?status=effective", staff);
    expect(list.json().items.map((c: { serviceId: string }) => c.serviceId)).toContain(id);
  });

  it("can be withdrawn, and the withdrawn period is billed again", async () => {
    const id = await makeService(rt, aliceId, { productId, nextDueDate: "2026-12-05" });
    await runBillingDay(rt, { date: "2026-11-23", trigger: "cli" });
    await send("POST", `/api/staff/services/${id}/cancellation`, staff, {
      reason: "test",
      effectiveDate: "2026-12-05",
    });
    const w = await send("DELETE", `/api/me/services/${id}/cancellation`, alice);
    expect(w.statusCode).toBe(204);
    const nothing = await send("DELETE", `/api/me/services/${id}/cancellation`, alice);
    expect(nothing.statusCode).toBe(409);
    const r = await runBillingDay(rt, { date: "2026-11-24", trigger: "cli" });
    expect(r.counts.renewalDocuments).toBeGreaterThanOrEqual(1);
    const docs = await rt.db
      .selectFrom("service_renewals as r")
      .innerJoin("documents as d", "d.id", "r.document_id")
      .select("d.status")
      .where("r.service_id", "=", id)
      .execute();
    expect(docs.map((d) => d.status)).toEqual(["open"]);
  });

  it("someone else's service is not found, and anonymous is refused", async () => {
    const id = await makeService(rt, aliceId, { productId, nextDueDate: "2027-03-01" });
    const r = await send("POST", `/api/me/services/${id}/cancellation`, bob, {});
    expect(r.statusCode).toBe(404);
    const c = await send("PUT", `/api/me/services/${id}/cycle`, bob, { cycle: "annual" });
    expect(c.statusCode).toBe(404);
    const anon = await app.inject({
      method: "POST",
      url: `/api/me/services/${id}/cancellation`,
      payload: {},
    });
    expect(anon.statusCode).toBe(401);
    const customerAsStaff = await get("/api/staff/billing-runs", alice);
    expect(customerAsStaff.statusCode).toBe(403);
  });
});

describe("renewing early", () => {
  it("issues the next period's document now, once, and the run does not bill it again", async () => {
    const id = await makeService(rt, aliceId, { productId, nextDueDate: "2027-04-01" });
    const first = await send("POST", `/api/me/services/${id}/renewal`, alice);
    expect(first.statusCode).toBe(201);
    const again = await send("POST", `/api/me/services/${id}/renewal`, alice);
    expect(again.statusCode).toBe(200);
    expect(again.json().documentId).toBe(first.json().documentId);
    const mine = await get(`/api/me/services/${id}`, alice);
    expect(mine.json().renewalDocumentId).toBe(first.json().documentId);
    const r = await runBillingDay(rt, { date: "2027-03-25", trigger: "cli" });
    const renewals = await rt.db
      .selectFrom("service_renewals")
      .select("period_from")
      .where("service_id", "=", id)
      .execute();
    expect(renewals).toEqual([{ period_from: "2027-04-01" }]);
    expect(r.status).toBe("completed");
    const other = await send("POST", `/api/me/services/${id}/renewal`, bob);
    expect(other.statusCode).toBe(404);
  });

  it("has nothing to renew for a terminated service", async () => {
    const id = await makeService(rt, aliceId, {
      productId,
      status: "terminated",
      nextDueDate: "2027-04-01",
    });
    const r = await send("POST", `/api/me/services/${id}/renewal`, alice);
    expect(r.statusCode).toBe(409);
    expect(r.json().code).toBe("subscriptions.nothing_to_renew");
  });
});

describe("cycle change (C5) and staff transitions (C1)", () => {
  it("takes the catalog's price from the next period, and refuses a cycle not offered", async () => {
    const id = await makeService(rt, aliceId, { productId, nextDueDate: "2027-03-01" });
    const r = await send("PUT", `/api/me/services/${id}/cycle`, alice, { cycle: "annual" });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({
      cycle: "annual",
      price: { amount: "14900.00", currency: "HUF" },
      effectiveFrom: "2027-03-01",
    });
    const bad = await send("PUT", `/api/me/services/${id}/cycle`, alice, { cycle: "biennial" });
    expect(bad.statusCode).toBe(409);
    expect(bad.json().code).toBe("subscriptions.cycle_not_offered");
    const invalid = await send("PUT", `/api/me/services/${id}/cycle`, alice, { cycle: "weekly" });
    expect(invalid.statusCode).toBe(400);
  });

  it("enforces the allowed transitions", async () => {
    const id = await makeService(rt, aliceId, { productId, nextDueDate: "2027-03-01" });
    const s = await send("POST", `/api/staff/services/${id}/status`, staff, {
      to: "suspended",
      reason: "abuse report",
    });
    expect(s.statusCode).toBe(204);
    const t = await send("POST", `/api/staff/services/${id}/status`, staff, {
      to: "terminated",
      reason: "abuse confirmed",
    });
    expect(t.statusCode).toBe(204);
    const back = await send("POST", `/api/staff/services/${id}/status`, staff, {
      to: "active",
      reason: "oops",
    });
    expect(back.statusCode).toBe(409);
    expect(back.json().code).toBe("subscriptions.transition_not_allowed");
    const noReason = await send("POST", `/api/staff/services/${id}/status`, staff, {
      to: "active",
    });
    expect(noReason.statusCode).toBe(400);
    const audit = await rt.db
      .selectFrom("audit_log")
      .select("action")
      .where("subject_id", "=", id)
      .orderBy("at")
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual([
      "service.created",
      "service.suspended",
      "service.terminated",
    ]);
  });
});

describe("billing runs for staff", () => {
  it("queues today's run, which the job then runs under the same id, and lists the history", async () => {
    const r = await send("POST", "/api/staff/billing-runs", staff);
    expect(r.statusCode).toBe(202);
    expect(r.json()).toMatchObject({ status: "queued", trigger: "staff", runDate: "2026-11-23" });
    const jobs = await sql<{ n: string }>`
      SELECT count(*) AS n FROM pgboss.job
      WHERE name = 'subscriptions.billing-run' AND data->>'runId' = ${r.json().id}`.execute(rt.db);
    expect(Number(jobs.rows[0]!.n)).toBe(1);
    // What the queued job does (the worker is not running in tests).
    const report = await runBillingDay(rt, { trigger: "staff", runId: r.json().id });
    expect(report.id).toBe(r.json().id);
    expect((await get(`/api/staff/billing-runs/${r.json().id}`, staff)).json().status).toBe(
      "completed",
    );
    // A retried job (the run no longer queued) runs anew under a new id.
    const retried = await runBillingDay(rt, { trigger: "staff", runId: r.json().id });
    expect(retried.id).not.toBe(r.json().id);
    const list = await get("/api/staff/billing-runs", staff);
    expect(list.json().items.map((x: { id: string }) => x.id)).toContain(r.json().id);
    const one = await get(`/api/staff/billing-runs/${r.json().id}`, staff);
    expect(one.statusCode).toBe(200);
    const missing = await get("/api/staff/billing-runs/run_00000000000000000000000000", staff);
    expect(missing.statusCode).toBe(404);
  });

  it("validates the lifecycle settings", async () => {
    const bad = await send("PUT", "/api/staff/settings/lifecycle", staff, {
      renewalLeadDays: 14,
      reminderDays: [60, 30],
      suspendAfterDays: 30,
      terminateAfterDays: 10,
    });
    expect(bad.statusCode).toBe(400);
    const ok = await send("PUT", "/api/staff/settings/lifecycle", staff, {
      renewalLeadDays: 21,
      reminderDays: [30, 7],
      suspendAfterDays: 10,
      terminateAfterDays: 45,
    });
    expect(ok.statusCode).toBe(200);
    expect((await get("/api/staff/settings/lifecycle", staff)).json()).toEqual(ok.json());
    await send("PUT", "/api/staff/settings/lifecycle", staff, {});
  });
});
