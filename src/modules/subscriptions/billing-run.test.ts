import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { addDays } from "../../platform/clock.ts";
import { Money } from "../../platform/money/index.ts";
import { createTestRuntime, onPostgres, type TestRuntime } from "../../../test/db.ts";
import { runInChildAndKill } from "../../../test/crash-child.ts";
import { ensureBilling, makeCustomer, makeProduct, makeService } from "../../../test/factories.ts";
import { receivePayment } from "../payments/index.ts";
import { renewServicesOfPaidInvoice } from "./index.ts";
import { runBillingDay } from "./use-cases/billing-run.ts";

let rt: TestRuntime;
beforeEach(async () => {
  rt = await createTestRuntime();
  await ensureBilling(rt);
});
afterEach(async () => {
  await rt.close();
});

const run = (date: string, pageSize?: number) =>
  runBillingDay(rt, { date, trigger: "cli", ...(pageSize ? { pageSize } : {}) });

async function service(id: string) {
  return rt.db.selectFrom("services").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

async function mailsOf(customerId: string) {
  return rt.db
    .selectFrom("mail_outbox")
    .select(["type", "subject", "text_body", "to_address"])
    .where("customer_id", "=", customerId)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
}

async function counts() {
  const r = await sql<{
    docs: number;
    renewals: number;
    reminders: number;
    mails: number;
    audit: number;
  }>`
    SELECT (SELECT count(*)::int FROM documents) AS docs,
      (SELECT count(*)::int FROM service_renewals) AS renewals,
      (SELECT count(*)::int FROM service_reminders) AS reminders,
      (SELECT count(*)::int FROM mail_outbox) AS mails,
      (SELECT count(*)::int FROM audit_log) AS audit`.execute(rt.db);
  return r.rows[0]!;
}

/** Pays a document in full as a bank transfer, then runs the renewal job as the worker would. */
async function pay(customerId: string, documentId: string, on: string) {
  const doc = await rt.db
    .selectFrom("documents")
    .select(["gross_total", "currency"])
    .where("id", "=", documentId)
    .executeTakeFirstOrThrow();
  const r = await rt.db.transaction().execute((tx) =>
    receivePayment(
      tx,
      rt,
      {
        customerId,
        currency: doc.currency as "HUF",
        amount: doc.gross_total,
        method: "transfer",
        source: "manual",
        externalId: `test-${documentId}`,
        receivedOn: on,
        documents: [{ id: documentId }],
        silent: true,
      },
      { type: "system", name: "test" },
    ),
  );
  if (r.duplicate) throw new Error("duplicate");
  for (const id of r.applied.paidInvoiceIds) await renewServicesOfPaidInvoice(rt, id);
}

async function renewalDocument(serviceId: string, periodFrom: string) {
  return rt.db
    .selectFrom("service_renewals as r")
    .innerJoin("documents as d", "d.id", "r.document_id")
    .select([
      "d.id",
      "d.kind",
      "d.number",
      "d.status",
      "d.due_date",
      "d.gross_total",
      "r.period_to",
    ])
    .where("r.service_id", "=", serviceId)
    .where("r.period_from", "=", periodFrom)
    .executeTakeFirst();
}

describe("the daily billing run", () => {
  it("takes a domain through a year: reminders, renewal proforma, payment, then expiry when unpaid", async () => {
    const customer = await makeCustomer(rt, { kind: "person", language: "en" });
    const { productId } = await makeProduct(rt, { kind: "domain" });
    const id = await makeService(rt, customer.customerId, {
      productId,
      cycle: "annual",
      price: Money.parse("4000.00", "HUF"),
      startDate: "2026-01-20",
      nextDueDate: "2027-01-20",
      domain: "kovacs-pek.hu",
      label: "kovacs-pek.hu",
    });

    // Every day from today (2026-11-23) to 2027-01-25.
    let day = "2026-11-23";
    const log: { day: string; mails: string[] }[] = [];
    let paidOnce = false;
    while (day <= "2028-01-25") {
      const before = (await mailsOf(customer.customerId)).length;
      const report = await run(day);
      expect(report.status).toBe("completed");
      const all = await mailsOf(customer.customerId);
      const fresh = all.slice(before).map((m) => m.type);
      if (fresh.length > 0) log.push({ day, mails: fresh });
      // Pay the first renewal proforma a week after it arrives; never the second.
      if (!paidOnce && day === "2027-01-13") {
        const doc = await renewalDocument(id, "2027-01-20");
        expect(doc).toMatchObject({ kind: "proforma", status: "open", due_date: "2027-01-20" });
        await pay(customer.customerId, doc!.id, day);
        paidOnce = true;
      }
      day = addDays(day, day < "2027-01-25" || day >= "2027-11-10" ? 1 : 7);
    }

    expect(log).toEqual([
      // 58 days left on the first run: the 60-day stage, caught up once.
      { day: "2026-11-23", mails: ["service.expiry_reminder"] },
      { day: "2026-12-21", mails: ["service.expiry_reminder"] },
      // 14 days before: the renewal proforma, its e-mail carrying the 14-day reminder (one mail).
      { day: "2027-01-06", mails: ["billing.proforma_issued"] },
      // The morning run of 01-13 sends the 7-day reminder; paid later that day (the final invoice
      // is silent here), so no 1-day reminder.
      { day: "2027-01-13", mails: ["service.expiry_reminder"] },
      // Next year, unpaid: 60 days before 2028-01-20 is 2027-11-21 (the weekly steps reach it on
      // 11-10 + days), then 30, 14 (with the proforma), 7, 1, and the expiry on the due date.
      { day: "2027-11-21", mails: ["service.expiry_reminder"] },
      { day: "2027-12-21", mails: ["service.expiry_reminder"] },
      { day: "2028-01-06", mails: ["billing.proforma_issued"] },
      { day: "2028-01-13", mails: ["service.expiry_reminder"] },
      { day: "2028-01-19", mails: ["service.expiry_reminder"] },
      { day: "2028-01-20", mails: ["service.expired"] },
    ]);
    const first = await renewalDocument(id, "2027-01-20");
    expect(first).toMatchObject({ status: "paid", period_to: "2028-01-19" });
    const s = await service(id);
    expect(s.status).toBe("expired");
    expect(s.next_due_date).toBe("2028-01-20");

    const mails = await mailsOf(customer.customerId);
    // The 14-day reminder is the proforma's mail: the reminder first, then the document.
    const renewal = mails.find((m) => m.subject.includes("in 14 days"))!;
    expect(renewal.type).toBe("billing.proforma_issued");
    expect(renewal.subject).toContain("kovacs-pek.hu");
    expect(renewal.subject).toMatch(
      /expires in 14 days, on 2027-01-20 \(proforma invoice DBK-\d{4}-\d+\)$/,
    );
    expect(renewal.text_body).toContain(
      "the website and the e-mail addresses using it stop working",
    );
    expect(renewal.text_body.indexOf("expires on 2027-01-20")).toBeLessThan(
      renewal.text_body.indexOf("Please find attached proforma invoice DBK-"),
    );
    // The later reminders name the open proforma.
    const reminder = mails.find((m) => m.subject.includes("in 7 days"))!;
    expect(reminder.type).toBe("service.expiry_reminder");
    expect(reminder.text_body).toContain("kovacs-pek.hu");
    expect(reminder.text_body).toMatch(/billed on DBK/);
    // Recorded as the 14-day stage, so the reminder step did not send it again.
    const stages = await rt.db
      .selectFrom("service_reminders")
      .select(["due_date", "days_before"])
      .where("service_id", "=", id)
      .orderBy("due_date")
      .orderBy("days_before", "desc")
      .execute();
    expect(stages.map((r) => `${r.due_date}:${r.days_before}`)).toEqual([
      "2027-01-20:60",
      "2027-01-20:30",
      "2027-01-20:14",
      "2027-01-20:7",
      "2028-01-20:60",
      "2028-01-20:30",
      "2028-01-20:14",
      "2028-01-20:7",
      "2028-01-20:1",
    ]);
    const expired = mails.find((m) => m.type === "service.expired")!;
    expect(expired.text_body).toContain("no longer work");

    // 60 days after expiry it is terminated and its unpaid proforma cancelled.
    const t = await run("2028-03-20");
    expect(t.counts.terminated).toBe(1);
    expect(t.counts.proformasCancelled).toBe(1);
    expect((await service(id)).status).toBe("terminated");
    expect((await renewalDocument(id, "2028-01-20"))!.status).toBe("cancelled");
  });

  it("sends the reminder due with a renewal proforma in the proforma's mail, to the renewal address too", async () => {
    const customer = await makeCustomer(rt, {
      taxNumber: "12345676-2-41",
      email: "owner-renewing@example.test",
    });
    await rt.db
      .insertInto("notification_addresses")
      .values({
        customer_id: customer.customerId,
        type: "renewals",
        position: 0,
        contact_id: null,
        email: "renewals-desk@example.test",
        created_at: new Date(),
      })
      .execute();
    const id = await makeService(rt, customer.customerId, {
      cycle: "annual",
      startDate: "2026-01-07",
      nextDueDate: "2027-01-07",
    });
    const report = await run("2026-12-24"); // 14 days before: the proforma and the 14-day stage
    expect(report.counts).toMatchObject({ renewalDocuments: 1, reminders: 1, mails: 2 });
    const mails = await mailsOf(customer.customerId);
    expect(mails.map((m) => [m.type, m.to_address]).sort()).toEqual([
      ["billing.proforma_issued", "owner-renewing@example.test"],
      ["billing.proforma_issued", "renewals-desk@example.test"],
    ]);
    expect(mails[0]!.subject).toMatch(
      /14 nap múlva lejár \(2027-01-07\) \(DBK-\d{4}-\d+ számú díjbekérő\)$/,
    );
    expect(mails[0]!.text_body).toMatch(
      /^Tisztelt Ügyfelünk!\n\n.+ szolgáltatása 2027-01-07 napon lejár/,
    );
    // Recorded and audited as sent: the next days send the 7- and 1-day reminders, not this one.
    const audit = await rt.db
      .selectFrom("audit_log")
      .select("data")
      .where("subject_id", "=", id)
      .where("action", "=", "service.reminder_sent")
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.data).toMatchObject({ dueDate: "2027-01-07", daysLeft: 14 });
    expect((await run("2026-12-25")).counts.reminders).toBe(0);
    expect((await run("2026-12-31")).counts.reminders).toBe(1);
    expect((await mailsOf(customer.customerId)).at(-1)).toMatchObject({
      type: "service.expiry_reminder",
      to_address: "renewals-desk@example.test",
    });
  });

  it("suspends an unpaid hosting service after 14 days and the payment restores it", async () => {
    const customer = await makeCustomer(rt, { taxNumber: "12345676-2-41" });
    const id = await makeService(rt, customer.customerId, {
      cycle: "monthly",
      startDate: "2026-01-01",
      nextDueDate: "2026-12-01",
    });
    await run("2026-11-23"); // 8 days before: within the lead time
    const doc = await renewalDocument(id, "2026-12-01");
    expect(doc).toMatchObject({ kind: "proforma", status: "open", period_to: "2026-12-31" });

    expect((await run("2026-12-14")).counts.suspended).toBe(0);
    const r = await run("2026-12-15");
    expect(r.counts.suspended).toBe(1);
    expect((await service(id)).status).toBe("suspended");
    expect((await mailsOf(customer.customerId)).at(-1)!.type).toBe("service.suspended");

    await pay(customer.customerId, doc!.id, "2026-12-16");
    const s = await service(id);
    expect(s.status).toBe("active");
    expect(s.next_due_date).toBe("2027-01-01");
    // The next run bills January (due within 14 days: 2027-01-01) but suspends nothing.
    const next = await run("2026-12-18");
    expect(next.counts).toMatchObject({ suspended: 0, renewalDocuments: 1 });
  });

  it("changes nothing when a day runs twice", async () => {
    const customer = await makeCustomer(rt, { taxNumber: "12345676-2-41" });
    for (let i = 0; i < 5; i++)
      await makeService(rt, customer.customerId, { nextDueDate: "2026-12-01" });
    const first = await run("2026-11-23");
    expect(first.counts.renewalDocuments).toBe(5);
    expect(first.counts.reminders).toBe(5);
    const after = await counts();
    const second = await run("2026-11-23");
    expect(second.counts).toMatchObject({ renewalDocuments: 0, reminders: 0, mails: 0 });
    const again = await counts();
    // Only the second run's own history row and nothing else.
    expect(again).toEqual(after);
    const runs = await rt.db.selectFrom("billing_runs").select(["status"]).execute();
    expect(runs.map((x) => x.status)).toEqual(["completed", "completed"]);
  });

  it("completes a crashed day on the next run, with nothing twice", async () => {
    const customer = await makeCustomer(rt, { taxNumber: "12345676-2-41" });
    const ids: string[] = [];
    for (let i = 0; i < 7; i++)
      ids.push(await makeService(rt, customer.customerId, { nextDueDate: "2026-12-01" }));
    if (onPostgres) {
      // A real crash: the run in another process, killed (SIGKILL) after its second page.
      await runBillingInChildAndKill("2026-11-23", 3, 2);
      expect((await counts()).renewals).toBe(6);
      const killed = await rt.db.selectFrom("billing_runs").selectAll().executeTakeFirstOrThrow();
      expect(killed.status).toBe("running");
      // Its heartbeat stops: after 15 minutes the next run records it as interrupted.
      rt.clock.advance({ minutes: 16 });
    } else {
      let pages = 0;
      await expect(
        runBillingDay(rt, {
          date: "2026-11-23",
          trigger: "cli",
          pageSize: 3,
          onPage: (step) => {
            if (step === "renewals" && ++pages === 2) throw new Error("killed");
          },
        }),
      ).rejects.toThrow("killed");
      expect((await counts()).renewals).toBe(6);
      const failed = await rt.db.selectFrom("billing_runs").selectAll().executeTakeFirstOrThrow();
      expect(failed).toMatchObject({ status: "failed", error: "killed" });
    }

    const resumed = await run("2026-11-23", 3);
    expect(resumed.counts.renewalDocuments).toBe(1);
    const numbers = await rt.db
      .selectFrom("documents")
      .select("number")
      .where("kind", "=", "proforma")
      .orderBy("number")
      .execute();
    expect(numbers).toHaveLength(7);
    expect(new Set(numbers.map((n) => n.number)).size).toBe(7);
    for (const id of ids) expect(await renewalDocument(id, "2026-12-01")).toBeDefined();
    const runs = await rt.db
      .selectFrom("billing_runs")
      .select("status")
      .orderBy("started_at")
      .execute();
    expect(runs.map((r) => r.status)).toEqual([onPostgres ? "interrupted" : "failed", "completed"]);
  });

  it("never bills a service twice when two runs go at once", async () => {
    const customer = await makeCustomer(rt, { taxNumber: "12345676-2-41" });
    for (let i = 0; i < 6; i++)
      await makeService(rt, customer.customerId, { nextDueDate: "2026-12-01" });
    const [a, b] = await Promise.all([run("2026-11-23", 2), run("2026-11-23", 2)]);
    expect(a.counts.renewalDocuments + b.counts.renewalDocuments).toBe(6);
    expect(a.counts.reminders + b.counts.reminders).toBe(6);
    expect((await counts()).renewals).toBe(6);
  });

  it("reports a customer whose document cannot be issued and bills the others", async () => {
    const good = await makeCustomer(rt, { taxNumber: "12345676-2-41" });
    // A German business whose VAT number was never confirmed: the provider waits for VIES.
    const german = await makeCustomer(rt, {
      country: "DE",
      euVatNumber: "DE123456789",
      currency: "EUR",
    });
    const ok = await makeService(rt, good.customerId, { nextDueDate: "2026-12-01" });
    const bad = await makeService(rt, german.customerId, {
      nextDueDate: "2026-12-01",
      price: Money.parse("3.90", "EUR"),
    });
    const r = await run("2026-11-23");
    expect(r.counts).toMatchObject({ renewalDocuments: 1, renewalProblems: 1 });
    expect(r.problems).toEqual([
      expect.objectContaining({ serviceId: bad, code: "billing.vat_number_unverified" }),
    ]);
    expect(await renewalDocument(ok, "2026-12-01")).toBeDefined();
    expect(await renewalDocument(bad, "2026-12-01")).toBeUndefined();
    const stored = await rt.db
      .selectFrom("billing_runs")
      .select("problems")
      .executeTakeFirstOrThrow();
    expect(stored.problems).toHaveLength(1);
  });

  it("looks as far ahead as the largest reminder stage of any product", async () => {
    const customer = await makeCustomer(rt, { taxNumber: "12345676-2-41" });
    const { productId } = await makeProduct(rt, { kind: "software" });
    await rt.db
      .updateTable("products")
      .set({ reminder_days: [90, 30] })
      .where("id", "=", productId)
      .execute();
    const contract = await makeService(rt, customer.customerId, {
      productId,
      cycle: "annual",
      nextDueDate: "2027-02-11", // 80 days ahead
    });
    const plain = await makeService(rt, customer.customerId, {
      cycle: "annual",
      nextDueDate: "2027-02-11",
    });
    const r = await run("2026-11-23");
    expect(r.counts.reminders).toBe(1);
    const sent = await rt.db.selectFrom("service_reminders").selectAll().execute();
    expect(sent).toEqual([expect.objectContaining({ service_id: contract, days_before: 90 })]);
    expect(sent.some((x) => x.service_id === plain)).toBe(false);
  });

  it("bills the new cycle from the next period after a cycle change", async () => {
    const customer = await makeCustomer(rt, { taxNumber: "12345676-2-41" });
    const id = await makeService(rt, customer.customerId, {
      cycle: "monthly",
      nextDueDate: "2026-12-01",
    });
    await rt.db
      .updateTable("services")
      .set({ next_cycle: "annual", next_price: 1490000n })
      .where("id", "=", id)
      .execute();
    await run("2026-11-23");
    const doc = await renewalDocument(id, "2026-12-01");
    expect(doc).toMatchObject({ period_to: "2027-11-30" });
    // 14,900.00 HUF + 27 % VAT.
    expect(doc!.gross_total).toBe(1892300n);
    const s = await service(id);
    expect(s).toMatchObject({ billing_cycle: "annual", price: 1490000n, next_cycle: null });
  });
});

/** The billing run for `date` in a child process, killed once `pages` renewal pages committed. */
async function runBillingInChildAndKill(date: string, pageSize: number, pages: number) {
  await runInChildAndKill(rt, {
    modules: { runBillingDay: "src/modules/subscriptions/use-cases/billing-run.ts" },
    body: `
      let page = 0;
      await runBillingDay(rt, { date: ${JSON.stringify(date)}, trigger: "cli", pageSize: ${pageSize}, onPage: async (step) => {
        if (step !== "renewals") return;
        process.stdout.write("page " + ++page + "\\n");
        if (page >= ${pages}) await new Promise(() => {});
      } });
    `,
    killWhen: `page ${pages}`,
  });
}
