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
import { newId } from "../../platform/ids.ts";
import {
  configureProductProvisioning,
  PROVISIONING_RETRY_LIMIT,
  requestProvisioning,
  runProvisioningTask,
} from "../provisioning/index.ts";
import { publishNotice } from "./index.ts";

/**
 * Status notices (C7) through the API: staff write and publish them, exactly the affected
 * customers see them and get one e-mail copy each, in their language.
 */
let rt: TestRuntime;
let app: FastifyInstance;
let staff: Session;
const actor: Actor = { type: "system", name: "test" };

// Customers: hu and en on product P1, one on P2 only, one whose P1 service ended, one on a
// server (product P3, provisioned by the demo module on "web7.notices.test").
let p1: string;
let p2: string;
let p3: string;
const c: Record<
  "hu" | "en" | "p2" | "ended" | "server",
  { customerId: string; email: string; session: Session; serviceId: string }
> = {} as never;

beforeAll(async () => {
  rt = await createTestRuntime();
  app = await createTestApp(rt);
  staff = await loginAs(app, (await makeStaff(rt, { role: "support" })).email, PASSWORD);
  p1 = (await makeProduct(rt)).productId;
  p2 = (await makeProduct(rt)).productId;
  p3 = (await makeProduct(rt)).productId;
  await configureProductProvisioning(
    rt,
    p3,
    { module: "demo_hosting", settings: { delaySeconds: 0, server: "web7.notices.test" } },
    actor,
  );
  const make = async (
    key: keyof typeof c,
    lang: "hu" | "en",
    productId: string,
    o: { status?: "terminated"; label?: string } = {},
  ) => {
    const x = await makeCustomer(rt, { language: lang });
    const serviceId = await makeService(rt, x.customerId, {
      productId,
      label: o.label ?? `${key}.example.hu`,
      ...(o.status ? { status: o.status } : {}),
    });
    c[key] = {
      customerId: x.customerId,
      email: x.email,
      session: await loginAs(app, x.email, PASSWORD),
      serviceId,
    };
  };
  await make("hu", "hu", p1);
  await make("en", "en", p1);
  await make("p2", "hu", p2);
  await make("ended", "hu", p1, { status: "terminated" });
  await make("server", "en", p3, { label: "onserver.hu" });
  const task = await rt.db
    .transaction()
    .execute((tx) =>
      requestProvisioning(tx, rt, { serviceId: c.server.serviceId, action: "create", actor }),
    );
  const run = await runProvisioningTask(rt, task!.taskId, {
    retryCount: 0,
    retryLimit: PROVISIONING_RETRY_LIMIT,
  });
  expect(run.outcome).toBe("done");
  // The en customer's billing contact gets the copy too; a technical contact does not.
  for (const [email, permissions] of [
    ["billing-en@example.test", ["billing"]],
    ["tech-en@example.test", ["technical"]],
  ] as const) {
    await rt.db
      .insertInto("contacts")
      .values({
        id: newId("con"),
        customer_id: c.en.customerId,
        name: email,
        email,
        is_primary: false,
        permissions: [...permissions],
        created_at: rt.clock.now(),
        updated_at: rt.clock.now(),
      })
      .execute();
  }
});
afterAll(async () => {
  await app.close();
  await rt.close();
});

const headers = (s: Session | null) => (s ? { cookie: s.cookie, "x-csrf-token": s.csrfToken } : {});
const get = (url: string, s: Session | null = staff) =>
  app.inject({ method: "GET", url, headers: headers(s) });
const send = (method: "POST" | "PUT", url: string, payload?: object, s: Session | null = staff) =>
  app.inject({ method, url, headers: headers(s), ...(payload ? { payload } : {}) });

const notice = (o: Record<string, unknown> = {}) => ({
  kind: "maintenance",
  severity: "warning",
  titleHu: "Tárhely szerver frissítés",
  titleEn: "Hosting server upgrade",
  bodyHu: "Kb. 10 perc kiesés várható.",
  bodyEn: "Expect about 10 minutes of downtime.",
  startsAt: "2026-12-01T01:00:00Z",
  endsAt: "2026-12-01T03:00:00Z",
  target: { productIds: [p1], servers: [] },
  ...o,
});

async function create(o: Record<string, unknown> = {}): Promise<string> {
  const res = await send("POST", "/api/staff/notices", notice(o));
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

async function mailsOf(id: string) {
  // The mails of one notice: they name its title; ordered by address.
  const rows = await rt.db
    .selectFrom("mail_outbox")
    .select(["type", "to_address", "language", "subject", "text_body", "customer_id"])
    .where("type", "like", "notice.%")
    .orderBy("to_address")
    .execute();
  const titles = await rt.db
    .selectFrom("status_notices")
    .select(["title_hu", "title_en"])
    .where("id", "=", id)
    .executeTakeFirstOrThrow();
  return rows.filter(
    (m) =>
      (titles.title_hu !== "" && m.subject.includes(titles.title_hu)) ||
      (titles.title_en !== "" && m.subject.includes(titles.title_en)),
  );
}

const myNotices = async (s: Session, query = "") => {
  const res = await get(`/api/me/notices${query}`, s);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{
    items: {
      id: string;
      title: string;
      body: string;
      language: string;
      phase: string;
      services: { id: string; product: string; name: string | null }[];
    }[];
  }>().items;
};

describe("publishing a notice", () => {
  let id: string;

  it("a draft reaches nobody yet, and says whom it would reach", async () => {
    id = await create();
    const res = await get(`/api/staff/notices/${id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: "draft",
      revision: 1,
      target: { productIds: [p1], servers: [] },
      recipients: { customers: 0, mailed: 0 },
      reach: { customers: 2, services: 2 },
      publishedAt: null,
    });
    expect(await myNotices(c.hu.session)).toEqual([]);
    expect(await mailsOf(id)).toEqual([]);
  });

  it("reaches exactly the customers with an open service of the product, one copy each", async () => {
    const res = await send("POST", `/api/staff/notices/${id}/publish`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: "published",
      publishedAt: rt.clock.now().toISOString(),
      recipients: { customers: 2, mailed: 2 },
    });
    const recipients = await rt.db
      .selectFrom("status_notice_recipients")
      .select("customer_id")
      .where("notice_id", "=", id)
      .execute();
    expect(recipients.map((r) => r.customer_id).sort()).toEqual(
      [c.hu.customerId, c.en.customerId].sort(),
    );
    const mails = await mailsOf(id);
    expect(mails.map((m) => [m.to_address, m.language, m.type]).sort()).toEqual(
      [
        ["billing-en@example.test", "en", "notice.published"],
        [c.en.email, "en", "notice.published"],
        [c.hu.email, "hu", "notice.published"],
      ].sort(),
    );
    const hu = mails.find((m) => m.to_address === c.hu.email)!;
    expect(hu.subject).toBe("Tervezett karbantartás: Tárhely szerver frissítés");
    expect(hu.text_body).toContain("Időpont: 2026-12-01 02:00 – 2026-12-01 04:00");
    expect(hu.text_body).toContain("(hu.example.hu)");
    expect(hu.text_body).toContain("Kb. 10 perc kiesés várható.");
    const en = mails.find((m) => m.to_address === c.en.email)!;
    expect(en.subject).toBe("Planned maintenance: Hosting server upgrade");
    expect(en.text_body).toContain("Expect about 10 minutes of downtime.");
    expect(en.text_body).toContain("http://kapu.test/services");
  });

  it("publishing again, or a retried request, mails nobody twice", async () => {
    for (let i = 0; i < 2; i++) {
      const res = await send("POST", `/api/staff/notices/${id}/publish`);
      expect(res.statusCode).toBe(200);
    }
    const again = await publishNotice(rt, id, actor);
    expect(again).toEqual({ newRecipients: 0, mails: 0 });
    expect(await mailsOf(id)).toHaveLength(3);
  });

  it("publishing again reaches (and mails once) a customer affected since", async () => {
    const later = await makeService(rt, c.p2.customerId, { productId: p1, label: "later.hu" });
    expect((await myNotices(c.p2.session)).map((n) => n.id)).toEqual([id]);
    await send("POST", `/api/staff/notices/${id}/publish`);
    await send("POST", `/api/staff/notices/${id}/publish`);
    const mails = (await mailsOf(id)).filter((m) => m.customer_id === c.p2.customerId);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.text_body).toContain("later.hu");
    // The service ends: the customer is no longer affected and no longer sees it.
    await rt.db
      .updateTable("services")
      .set({ status: "terminated" })
      .where("id", "=", later)
      .execute();
    expect(await myNotices(c.p2.session)).toEqual([]);
  });

  it("each customer sees it in their language, with their affected services only", async () => {
    const [hu] = await myNotices(c.hu.session);
    expect(hu).toMatchObject({
      id,
      title: "Tárhely szerver frissítés",
      body: "Kb. 10 perc kiesés várható.",
      language: "hu",
      phase: "upcoming",
      services: [{ id: c.hu.serviceId, name: "hu.example.hu" }],
    });
    const [en] = await myNotices(c.en.session);
    expect(en).toMatchObject({ title: "Hosting server upgrade", language: "en" });
    expect(en!.services.map((s) => s.id)).toEqual([c.en.serviceId]);
    // The UI may ask for the language it shows.
    expect((await myNotices(c.hu.session, "?lang=en"))[0]).toMatchObject({
      title: "Hosting server upgrade",
    });
    // Not affected: another product, or the service has ended.
    expect(await myNotices(c.p2.session)).toEqual([]);
    expect(await myNotices(c.ended.session)).toEqual([]);
    expect(await myNotices(c.server.session)).toEqual([]);
  });

  it("is audited", async () => {
    const actions = await rt.db
      .selectFrom("audit_log")
      .select("action")
      .where("subject_id", "=", id)
      .orderBy("id")
      .execute();
    // (Ids made within one millisecond of the fixed clock need not sort in order.)
    expect(actions.map((a) => a.action).sort()).toEqual([
      "notice.created",
      "notice.published",
      "notice.republished",
    ]);
  });
});

describe("publishing concurrently", () => {
  it("two publishes at once still mail each customer once", async () => {
    const id = await create({ titleHu: "Párhuzamos", titleEn: "Concurrent" });
    const results = await Promise.all([publishNotice(rt, id, actor), publishNotice(rt, id, actor)]);
    expect(results[0].newRecipients + results[1].newRecipients).toBe(2);
    expect((await mailsOf(id)).map((m) => m.to_address).sort()).toEqual(
      ["billing-en@example.test", c.en.email, c.hu.email].sort(),
    );
    await send("POST", `/api/staff/notices/${id}/cancel`, {});
  });
});

describe("a notice in one language only", () => {
  it("is mailed and shown in the other language as fallback", async () => {
    const id = await create({
      kind: "outage",
      titleHu: "",
      bodyHu: "",
      titleEn: "Mail relay outage",
      bodyEn: "Outgoing mail is delayed.",
      startsAt: "2026-11-23T08:00:00Z",
      endsAt: null,
      target: { productIds: [p1], servers: [] },
    });
    await send("POST", `/api/staff/notices/${id}/publish`);
    const hu = (await mailsOf(id)).find((m) => m.to_address === c.hu.email)!;
    expect(hu.language).toBe("hu");
    expect(hu.subject).toBe("Szolgáltatáskimaradás: Mail relay outage");
    expect(hu.text_body).toContain("további értesítésig");
    expect(hu.text_body).toContain("Outgoing mail is delayed.");
    const shown = (await myNotices(c.hu.session)).find((n) => n.id === id);
    expect(shown).toMatchObject({ title: "Mail relay outage", language: "en", phase: "ongoing" });
    await send("POST", `/api/staff/notices/${id}/cancel`, {});
  });
});

describe("targeting a server", () => {
  it("reaches the services the provisioning module put there (name in any case)", async () => {
    const targets = await get("/api/staff/notices/targets");
    expect(targets.statusCode).toBe(200);
    expect(targets.json().servers).toContainEqual({ name: "web7.notices.test", services: 1 });
    expect(targets.json().products).toContainEqual(
      expect.objectContaining({ id: p1, services: 2 }),
    );
    const id = await create({
      kind: "change",
      titleHu: "IP-cím változás",
      titleEn: "IP address change",
      target: { productIds: [], servers: [" WEB7.Notices.test"] },
    });
    const res = await send("POST", `/api/staff/notices/${id}/publish`);
    expect(res.json()).toMatchObject({
      target: { productIds: [], servers: ["web7.notices.test"] },
      recipients: { customers: 1, mailed: 1 },
    });
    expect((await mailsOf(id)).map((m) => m.to_address)).toEqual([c.server.email]);
    expect((await myNotices(c.server.session)).map((n) => n.title)).toEqual(["IP address change"]);
    expect((await myNotices(c.hu.session)).map((n) => n.id)).not.toContain(id);
    await send("POST", `/api/staff/notices/${id}/cancel`, {});
  });
});

describe("updating, resolving and cancelling", () => {
  let id: string;
  const updateMails = async () =>
    (await mailsOf(id))
      .filter((m) => m.type === "notice.updated")
      .map((m) => m.to_address)
      .sort();

  it("a published notice's window can be extended, with one update e-mail per revision", async () => {
    id = await create({ titleHu: "Adatbázis karbantartás", titleEn: "Database maintenance" });
    await send("POST", `/api/staff/notices/${id}/publish`);
    // Without sendUpdate: a new revision, no mail.
    let res = await send("PUT", `/api/staff/notices/${id}`, {
      ...notice({ titleHu: "Adatbázis karbantartás", titleEn: "Database maintenance" }),
      endsAt: "2026-12-01T05:00:00Z",
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ revision: 2, endsAt: "2026-12-01T05:00:00.000Z" });
    expect(await updateMails()).toEqual([]);
    // Then with it (same content): the customers mailed before hear about revision 2, once.
    const body = {
      ...notice({ titleHu: "Adatbázis karbantartás", titleEn: "Database maintenance" }),
      endsAt: "2026-12-01T05:00:00Z",
      sendUpdate: true,
    };
    for (let i = 0; i < 2; i++) {
      res = await send("PUT", `/api/staff/notices/${id}`, body);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ revision: 2 });
    }
    expect(await updateMails()).toEqual(["billing-en@example.test", c.en.email, c.hu.email].sort());
    const hu = (await mailsOf(id)).find(
      (m) => m.type === "notice.updated" && m.to_address === c.hu.email,
    )!;
    expect(hu.subject).toBe("Módosult — Tervezett karbantartás: Adatbázis karbantartás");
    expect(hu.text_body).toContain("2026-12-01 02:00 – 2026-12-01 06:00");
    // Another change with sendUpdate: revision 3, one more each.
    res = await send("PUT", `/api/staff/notices/${id}`, {
      ...body,
      endsAt: "2026-12-01T06:00:00Z",
    });
    expect(res.json()).toMatchObject({ revision: 3 });
    expect(await updateMails()).toHaveLength(6);
  });

  it("an edit that adds a product mails its customers the notice, once", async () => {
    const body = {
      ...notice({ titleHu: "Adatbázis karbantartás", titleEn: "Database maintenance" }),
      endsAt: "2026-12-01T06:00:00Z",
      target: { productIds: [p1, p2], servers: [] },
    };
    for (let i = 0; i < 2; i++) {
      const res = await send("PUT", `/api/staff/notices/${id}`, body);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ revision: 4, recipients: { customers: 3, mailed: 3 } });
    }
    const p2Mails = (await mailsOf(id)).filter((m) => m.customer_id === c.p2.customerId);
    expect(p2Mails.map((m) => m.type)).toEqual(["notice.published"]);
    expect(await updateMails()).toHaveLength(6);
  });

  it("resolving shows it as resolved for a week, and tells the mailed customers once", async () => {
    const res = await send("POST", `/api/staff/notices/${id}/resolve`, { sendEmail: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: "resolved",
      resolvedAt: rt.clock.now().toISOString(),
    });
    const resolved = (await mailsOf(id)).filter((m) => m.type === "notice.resolved");
    expect(resolved.map((m) => m.to_address).sort()).toEqual(
      ["billing-en@example.test", c.en.email, c.hu.email, c.p2.email].sort(),
    );
    expect((await myNotices(c.hu.session)).find((n) => n.id === id)).toMatchObject({
      phase: "resolved",
    });
    const again = await send("POST", `/api/staff/notices/${id}/resolve`, { sendEmail: true });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: "notices.closed" });
    expect((await send("PUT", `/api/staff/notices/${id}`, notice())).json()).toMatchObject({
      code: "notices.closed",
    });
    expect((await send("POST", `/api/staff/notices/${id}/publish`)).statusCode).toBe(409);
    rt.clock.advance({ days: 8 });
    try {
      expect((await myNotices(c.hu.session)).map((n) => n.id)).not.toContain(id);
    } finally {
      rt.clock.advance({ days: -8 });
    }
  });

  it("a draft cannot be resolved; a cancelled notice disappears", async () => {
    const draft = await create();
    const res = await send("POST", `/api/staff/notices/${draft}/resolve`, {});
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: "notices.not_published" });
    await send("POST", `/api/staff/notices/${draft}/publish`);
    expect((await myNotices(c.hu.session)).map((n) => n.id)).toContain(draft);
    const cancelled = await send("POST", `/api/staff/notices/${draft}/cancel`, {});
    expect(cancelled.json()).toMatchObject({ status: "cancelled" });
    expect((await myNotices(c.hu.session)).map((n) => n.id)).not.toContain(draft);
    expect((await mailsOf(draft)).filter((m) => m.type === "notice.cancelled")).toEqual([]);
  });

  it("a notice that has ended is no longer shown", async () => {
    const id2 = await create({
      startsAt: "2026-11-20T01:00:00Z",
      endsAt: "2026-11-22T01:00:00Z",
      titleHu: "Elmúlt karbantartás",
      titleEn: "Past maintenance",
    });
    await send("POST", `/api/staff/notices/${id2}/publish`);
    expect((await myNotices(c.hu.session)).map((n) => n.id)).not.toContain(id2);
    const list = await get("/api/staff/notices?status=published");
    expect(list.json().items.map((n: { id: string }) => n.id)).toContain(id2);
    await send("POST", `/api/staff/notices/${id2}/resolve`, {});
  });
});

describe("validation", () => {
  it.each<[string, Record<string, unknown>, string, string]>([
    [
      "an unknown product",
      { target: { productIds: ["prd_nope"], servers: [] } },
      "notices.unknown_product",
      "body.target.productIds.0",
    ],
    [
      "an unknown server",
      { target: { productIds: [], servers: ["nowhere.example"] } },
      "notices.unknown_server",
      "body.target.servers.0",
    ],
    [
      "ends before it starts",
      { endsAt: "2026-11-30T00:00:00Z" },
      "notices.ends_before_start",
      "body.endsAt",
    ],
    ["no title", { titleHu: " ", titleEn: "" }, "notices.title_required", "body.titleHu"],
    ["no target", { target: { productIds: [], servers: [] } }, "notices.no_target", "body.target"],
    ["an unknown kind", { kind: "party" }, "validation_failed", "body.kind"],
    ["a date without time", { startsAt: "2026-12-01" }, "validation_failed", "body.startsAt"],
  ])("%s → 400 %s", async (_name, change, code, path) => {
    const res = await send("POST", "/api/staff/notices", notice(change));
    expect(res.statusCode).toBe(400);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.json()).toMatchObject({ code });
    expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it("an edit is checked the same way, and an unknown notice is 404", async () => {
    const id = await create();
    const res = await send(
      "PUT",
      `/api/staff/notices/${id}`,
      notice({ endsAt: "2026-11-01T00:00:00Z" }),
    );
    expect(res.json()).toMatchObject({ code: "notices.ends_before_start" });
    expect((await get("/api/staff/notices/ntc_nope")).statusCode).toBe(404);
    expect((await send("POST", "/api/staff/notices/ntc_nope/publish")).statusCode).toBe(404);
    await send("POST", `/api/staff/notices/${id}/cancel`, {});
  });
});

describe("access", () => {
  it("staff routes are for staff: 401 anonymous, 403 customers", async () => {
    const id = await create();
    for (const [method, url] of [
      ["GET", "/api/staff/notices"],
      ["GET", "/api/staff/notices/targets"],
      ["GET", `/api/staff/notices/${id}`],
      ["POST", "/api/staff/notices"],
      ["PUT", `/api/staff/notices/${id}`],
      ["POST", `/api/staff/notices/${id}/publish`],
      ["POST", `/api/staff/notices/${id}/resolve`],
      ["POST", `/api/staff/notices/${id}/cancel`],
    ] as const) {
      const payload = method === "GET" ? undefined : notice();
      const anonymous = await app.inject({ method, url, ...(payload ? { payload } : {}) });
      expect(anonymous.statusCode, `${method} ${url}`).toBe(401);
      const customer = await app.inject({
        method,
        url,
        headers: headers(c.hu.session),
        ...(payload ? { payload } : {}),
      });
      expect(customer.statusCode, `${method} ${url}`).toBe(403);
    }
    expect((await get(`/api/staff/notices/${id}`)).json()).toMatchObject({ status: "draft" });
  });

  it("the customer list is for customers: 401 anonymous, 403 staff", async () => {
    expect((await get("/api/me/notices", null)).statusCode).toBe(401);
    expect((await get("/api/me/notices", staff)).statusCode).toBe(403);
  });
});
