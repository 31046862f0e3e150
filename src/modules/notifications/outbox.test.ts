import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import { createTestRuntime, type TestRuntime } from "../../../test/db.ts";
import type { ParsedMail } from "mailparser";
import { startSmtpServer, type TestSmtp } from "../../../test/smtp.ts";
import { eventually } from "../../../test/wait.ts";
import { makeStaff, PASSWORD } from "../../../test/factories.ts";
import { createTestApp, loginAs } from "../../../test/http.ts";
import { smtpTransport, textToHtml, type MailTransport } from "../../platform/mail/index.ts";
import type { JobView } from "../../platform/jobs/index.ts";
import { enqueueMailJobs, outboxRow, outboxRowsSql, queueMail } from "./index.ts";
import {
  sendMailJob,
  sendQueuedMail,
  MAIL_JOB_BATCH,
  MAIL_RETRY_LIMIT,
  type MailMessage,
  type SendMailJobData,
} from "./outbox.ts";

let rt: TestRuntime;
let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startSmtpServer();
  rt = await createTestRuntime({ mailTransport: smtpTransport(smtp.url) });
});
afterAll(async () => {
  await rt.close();
  await smtp.close();
});

const message = (to: string) => ({
  type: "test.hello",
  language: "hu",
  to,
  subject: "Szia ő ű",
  text: "Első sor\n\nhttps://kapu.test/x",
});
const statusOf = async (id: string) =>
  await rt.db.selectFrom("mail_outbox").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

describe("mail outbox", () => {
  it("writes the message and its job with the business transaction, and nothing when it rolls back", async () => {
    const mailJobs = async () =>
      (await rt.jobs.list(rt.db, { limit: 500 })).filter((j) => j.name === "mail.send");
    const before = (await mailJobs()).length;
    await expect(
      rt.db.transaction().execute(async (tx) => {
        await queueMail(tx, rt, message("rollback@example.test"));
        throw new Error("business rule failed");
      }),
    ).rejects.toThrow("business rule failed");
    const rows = await rt.db
      .selectFrom("mail_outbox")
      .select("id")
      .where("to_address", "=", "rollback@example.test")
      .execute();
    expect(rows).toHaveLength(0);
    expect(await mailJobs()).toHaveLength(before);
    const committed = await rt.db
      .transaction()
      .execute((tx) => queueMail(tx, rt, message("commit@example.test")));
    const after = await mailJobs();
    expect(after).toHaveLength(before + 1);
    expect(after.some((j) => (j.data as { id: string }).id === committed)).toBe(true);
  });

  it("sends over SMTP exactly once, however often the job runs", async () => {
    const id = await rt.db
      .transaction()
      .execute((tx) => queueMail(tx, rt, message("once@example.test")));
    await sendQueuedMail(rt, id, 0);
    await sendQueuedMail(rt, id, 0);
    const mail = await smtp.waitFor((m) => JSON.stringify(m.to).includes("once@example.test"));
    expect(mail.subject).toBe("Szia ő ű");
    expect(mail.html).toContain('<a href="https://kapu.test/x">');
    expect(mail.messageId).toBe(`<${id}@kapu>`);
    expect(
      smtp.messages.filter((m) => JSON.stringify(m.to).includes("once@example.test")),
    ).toHaveLength(1);
    expect(await statusOf(id)).toMatchObject({ status: "sent", attempts: 1 });
  });

  it("stores mail for the staff view when no SMTP is configured", async () => {
    const id = await rt.db
      .transaction()
      .execute((tx) => queueMail(tx, rt, message("stored@example.test")));
    await sendQueuedMail({ ...rt, mailTransport: null }, id, 0);
    expect(await statusOf(id)).toMatchObject({ status: "stored" });
  });

  it("keeps a failing message queued with its error, and marks it failed after the last retry", async () => {
    const broken: MailTransport = {
      send: () => Promise.reject(new Error("connection refused")),
      close() {},
    };
    const id = await rt.db
      .transaction()
      .execute((tx) => queueMail(tx, rt, message("broken@example.test")));
    await expect(sendQueuedMail({ ...rt, mailTransport: broken }, id, 0)).rejects.toThrow(
      "connection refused",
    );
    expect(await statusOf(id)).toMatchObject({
      status: "queued",
      last_error: "connection refused",
      attempts: 1,
    });
    await expect(
      sendQueuedMail({ ...rt, mailTransport: broken }, id, MAIL_RETRY_LIMIT),
    ).rejects.toThrow("connection refused");
    expect(await statusOf(id)).toMatchObject({ status: "failed", attempts: 2 });
  });

  it("shows sent mail and failed jobs to staff, not to customers", async () => {
    const app = await createTestApp(rt);
    try {
      const staff = await makeStaff(rt);
      const s = await loginAs(app, staff.email, PASSWORD);
      const list = await app.inject({
        method: "GET",
        url: "/api/staff/mail?to=once@example.test",
        headers: { cookie: s.cookie },
      });
      expect(list.statusCode).toBe(200);
      const [item] = list.json().items;
      expect(item).toMatchObject({ to: "once@example.test", status: "sent", type: "test.hello" });
      const one = await app.inject({
        method: "GET",
        url: `/api/staff/mail/${item.id}`,
        headers: { cookie: s.cookie },
      });
      expect(one.json().text).toContain("Első sor");

      const jobs = await app.inject({
        method: "GET",
        url: "/api/staff/jobs",
        headers: { cookie: s.cookie },
      });
      expect(jobs.statusCode).toBe(200);
      const names = jobs.json().items.map((j: { name: string }) => j.name);
      expect(names).toContain("mail.send");
      const bad = await app.inject({
        method: "GET",
        url: "/api/staff/jobs?state=exploded",
        headers: { cookie: s.cookie },
      });
      expect(bad.statusCode).toBe(400);
    } finally {
      await app.close();
    }
  });
});

describe("jobs", () => {
  it("run queued mail through a worker and record failures with their error", async () => {
    await rt.jobs.work();
    const id = await rt.db
      .transaction()
      .execute((tx) => queueMail(tx, rt, message("worker@example.test")));
    await smtp.waitFor((m) => JSON.stringify(m.to).includes("worker@example.test"));
    await eventually("the message marked sent", async () => (await statusOf(id)).status === "sent");
    const jobs = await rt.jobs.list(rt.db, { limit: 50 });
    expect(jobs.some((j) => j.name === "mail.send" && (j.data as { id?: string }).id === id)).toBe(
      true,
    );
  });
});

describe("audit log", () => {
  it("is append-only", async () => {
    const { writeAudit } = await import("../../platform/audit.ts");
    await writeAudit(
      rt.db,
      rt.clock,
      { type: "system", name: "test" },
      { action: "test.audit", subjectType: "test" },
    );
    await expect(rt.db.deleteFrom("audit_log").execute()).rejects.toThrow(/append-only/);
    await expect(rt.db.updateTable("audit_log").set({ action: "x" }).execute()).rejects.toThrow(
      /append-only/,
    );
  });
});

describe("a failing job is visible to staff", () => {
  it("shows the mail job in retry with the SMTP error in the jobs API", async () => {
    const broken: MailTransport = {
      send: () => Promise.reject(new Error("550 mailbox unavailable")),
      close() {},
    };
    const failing = await createTestRuntime({ mailTransport: broken });
    const app = await createTestApp(failing);
    try {
      await failing.jobs.work();
      const id = await failing.db
        .transaction()
        .execute((tx) => queueMail(tx, failing, message("bounce@example.test")));
      const staff = await makeStaff(failing);
      const s = await loginAs(app, staff.email, PASSWORD);
      const job = await eventually(
        "the mail job in retry",
        async () => {
          const res = await app.inject({
            method: "GET",
            url: "/api/staff/jobs?state=retry",
            headers: { cookie: s.cookie },
          });
          return res.json().items.find((j: { name: string }) => j.name === "mail.send") as
            { state: string; error: string | null } | undefined;
        },
        { timeoutMs: 20_000, intervalMs: 200 },
      );
      expect(job).toMatchObject({ state: "retry", error: "550 mailbox unavailable" });
      const row = await failing.db
        .selectFrom("mail_outbox")
        .selectAll()
        .where("id", "=", id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: "queued", last_error: "550 mailbox unavailable" });
    } finally {
      await app.close();
      await failing.close();
    }
  });
});

describe("HTML rendered at send time", () => {
  it("stores no HTML body, sends the text's HTML, and shows it to staff", async () => {
    const msg = message("html@example.test");
    const id = await rt.db.transaction().execute((tx) => queueMail(tx, rt, msg));
    expect((await statusOf(id)).html_body).toBeNull();
    await sendQueuedMail(rt, id, 0);
    const sent = await smtp.waitFor((m) => JSON.stringify(m.to).includes("html@example.test"));
    const html = textToHtml(msg.text, msg.language);
    expect(sent.html).toBe(html);
    expect(sent.text?.trim()).toBe(msg.text);

    // A row written before HTML was rendered on demand keeps (and sends) its own.
    const old = outboxRow(message("old-html@example.test"), rt.clock.now());
    await outboxRowsSql([old]).execute(rt.db);
    await rt.db
      .updateTable("mail_outbox")
      .set({ html_body: "<p>old</p>" })
      .where("id", "=", old.id)
      .execute();
    await sendQueuedMail(rt, old.id, 0);
    const oldSent = await smtp.waitFor((m) => JSON.stringify(m.to).includes("old-html@"));
    expect(oldSent.html).toBe("<p>old</p>");

    const app = await createTestApp(rt);
    try {
      const staff = await makeStaff(rt);
      const s = await loginAs(app, staff.email, PASSWORD);
      const detail = async (mailId: string) =>
        (
          await app.inject({
            method: "GET",
            url: `/api/staff/mail/${mailId}`,
            headers: { cookie: s.cookie },
          })
        ).json();
      expect(await detail(id)).toMatchObject({ status: "sent", text: msg.text, html });
      expect((await detail(old.id)).html).toBe("<p>old</p>");
    } finally {
      await app.close();
    }
  });
});

describe("a mail.send job stopped by pg-boss", () => {
  it("sends no further mail once its signal is aborted, leaving the rest queued", async () => {
    const rows = [0, 1, 2].map((i) =>
      outboxRow(message(`aborted-${i}@example.test`), rt.clock.now()),
    );
    await outboxRowsSql(rows).execute(rt.db);
    const real = smtpTransport(smtp.url);
    const stop = new AbortController();
    const abortingAfterOne: MailTransport = {
      async send(mail) {
        await real.send(mail);
        stop.abort();
      },
      close: () => real.close(),
    };
    await expect(
      sendMailJob(
        { ...rt, mailTransport: abortingAfterOne },
        { ids: rows.map((r) => r.id) },
        { retryCount: 0, signal: stop.signal },
      ),
    ).rejects.toThrow("The job was stopped with 2 of 3 mails left");
    real.close();
    expect((await Promise.all(rows.map((r) => statusOf(r.id)))).map((r) => r.status)).toEqual([
      "sent",
      "queued",
      "queued",
    ]);
  });
});

describe("bulk mail jobs", () => {
  /** Recipients whose mail the SMTP side refuses (before reaching the server) while listed. */
  const refused = new Set<string>();
  let bulk: TestRuntime;
  beforeAll(async () => {
    const real = smtpTransport(smtp.url);
    const flaky: MailTransport = {
      send: (mail) =>
        refused.has(mail.to)
          ? Promise.reject(new Error(`451 ${mail.to}: try again later`))
          : real.send(mail),
      close: () => real.close(),
    };
    bulk = await createTestRuntime({ mailTransport: flaky });
    await bulk.jobs.work();
  });
  afterAll(async () => {
    await bulk.close();
  });

  /** Writes the mails as bulk writers do (one statement, one jobs insert) and returns their ids. */
  const writeBulk = (messages: MailMessage[]) =>
    bulk.db.transaction().execute(async (tx) => {
      const rows = messages.map((m) => outboxRow(m, bulk.clock.now()));
      await outboxRowsSql(rows).execute(tx);
      await enqueueMailJobs(
        tx,
        bulk,
        rows.map((r) => r.id),
      );
      return rows.map((r) => r.id);
    });
  const mailJobs = async () =>
    (await bulk.jobs.list(bulk.db, { limit: 1000 })).filter((j) => j.name === "mail.send");
  const idsOf = (job: JobView) => {
    const data = job.data as SendMailJobData;
    return "ids" in data ? data.ids : [data.id];
  };
  const addresses = (m: ParsedMail) =>
    (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).flatMap((a) =>
      a.value.flatMap((v) => (v.address ? [v.address] : [])),
    );
  const received = (to: string) => smtp.messages.filter((m) => addresses(m).includes(to));
  const rowsOf = (ids: string[]) =>
    bulk.db.selectFrom("mail_outbox").selectAll().where("id", "in", ids).execute();

  it(`sends ${MAIL_JOB_BATCH} mails per job, each exactly once`, { timeout: 120_000 }, async () => {
    expect(MAIL_JOB_BATCH).toBe(100);
    const before = new Set((await mailJobs()).map((j) => j.id));
    const to = (i: number) => `bulk-${i}@example.test`;
    const ids = await writeBulk(Array.from({ length: 250 }, (_, i) => message(to(i))));

    const jobs = (await mailJobs()).filter((j) => !before.has(j.id));
    expect(jobs).toHaveLength(3);
    const batches = jobs.map(idsOf).sort((a, b) => ids.indexOf(a[0]!) - ids.indexOf(b[0]!));
    expect(batches).toEqual([ids.slice(0, 100), ids.slice(100, 200), ids.slice(200)]);
    expect((await rowsOf(ids)).every((r) => r.html_body === null)).toBe(true);

    const connected = smtp.connections();
    await eventually(
      "the three jobs completed",
      async () => {
        const now = await mailJobs();
        return jobs.every((j) => now.find((d) => d.id === j.id)?.state === "completed");
      },
      { timeoutMs: 100_000, intervalMs: 250 },
    );
    // The pooled transport: a few connections for the 250 mails (2 at a time, up to 100 messages
    // each), not one per mail.
    expect(smtp.connections() - connected).toBeLessThanOrEqual(4);
    const byAddress = new Map<string, ParsedMail[]>();
    for (const m of smtp.messages) {
      for (const a of addresses(m)) byAddress.set(a, [...(byAddress.get(a) ?? []), m]);
    }
    ids.forEach((id, i) => {
      const got = byAddress.get(to(i)) ?? [];
      expect(got, to(i)).toHaveLength(1);
      expect(got[0]!.messageId).toBe(`<${id}@kapu>`);
      expect(got[0]!.html).toBe(textToHtml(message(to(i)).text, "hu"));
    });
    // Within a job, the mails go in the order given.
    const position = (i: number) => smtp.messages.indexOf(byAddress.get(to(i))![0]!);
    for (const batch of [0, 1, 2]) {
      const positions = ids
        .slice(batch * 100, batch * 100 + 100)
        .map((_, k) => position(batch * 100 + k));
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    }
    const rows = await rowsOf(ids);
    expect(rows.every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
  });

  it("sends the rest past a failing mail, fails the job, and the retry sends only the failed one", async () => {
    const to = (i: number) => `retry-${i}@example.test`;
    refused.add(to(2));
    const ids = await writeBulk(Array.from({ length: 5 }, (_, i) => message(to(i))));
    const jobs = (await mailJobs()).filter((j) => idsOf(j).includes(ids[0]!));
    expect(jobs.map(idsOf)).toEqual([ids]);
    const job = jobs[0]!;

    const failed = await eventually(
      "the job in retry",
      async () => (await mailJobs()).find((j) => j.id === job.id && j.state === "retry"),
      { timeoutMs: 20_000, intervalMs: 100 },
    );
    expect(failed.error).toBe(`1 of 5 mails failed; the first: 451 ${to(2)}: try again later`);
    for (const i of [0, 1, 3, 4]) expect(received(to(i)), to(i)).toHaveLength(1);
    expect(received(to(2))).toHaveLength(0);
    const afterFirst = new Map((await rowsOf(ids)).map((r) => [r.id, r]));
    expect(afterFirst.get(ids[2]!)).toMatchObject({
      status: "queued",
      attempts: 1,
      last_error: `451 ${to(2)}: try again later`,
    });
    expect(ids.filter((id) => afterFirst.get(id)!.status === "sent")).toHaveLength(4);

    // The SMTP side recovers; the retry is due now rather than after pg-boss's back-off.
    refused.delete(to(2));
    await sql`UPDATE pgboss.job SET start_after = now() WHERE id = ${job.id}`.execute(bulk.db);
    const retried = await eventually(
      "the retried job completed",
      async () => (await mailJobs()).find((j) => j.id === job.id && j.state === "completed"),
      { timeoutMs: 20_000, intervalMs: 100 },
    );
    expect(retried.retryCount).toBe(1);
    for (let i = 0; i < 5; i++) expect(received(to(i)), to(i)).toHaveLength(1);
    const rows = new Map((await rowsOf(ids)).map((r) => [r.id, r]));
    expect(rows.get(ids[2]!)).toMatchObject({ status: "sent", attempts: 2, last_error: null });
    for (const i of [0, 1, 3, 4]) {
      expect(rows.get(ids[i]!)).toMatchObject({ status: "sent", attempts: 1 });
    }
  });
});
