import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime, type TestRuntime } from "../../../test/db.ts";
import { startSmtpServer, type TestSmtp } from "../../../test/smtp.ts";
import { eventually } from "../../../test/wait.ts";
import { makeStaff, PASSWORD } from "../../../test/factories.ts";
import { createTestApp, loginAs } from "../../../test/http.ts";
import { smtpTransport, type MailTransport } from "../../platform/mail/index.ts";
import { queueMail } from "./index.ts";
import { sendQueuedMail, MAIL_RETRY_LIMIT } from "./outbox.ts";

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
