import { readFileSync } from "node:fs";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime, type TestRuntime } from "../../../test/db.ts";
import {
  ensureBilling,
  makeCustomer,
  makeInvoice,
  makeStaff,
  PASSWORD,
  SELLER,
} from "../../../test/factories.ts";
import { createTestApp, loginAs, type Session } from "../../../test/http.ts";
import { STANDARDS } from "../../../test/xml.ts";

/** Statement import and the bank queue through HTTP: the contract the staff pages use. */
let rt: TestRuntime;
let app: FastifyInstance;
let staff: Session;
let customerS: Session;
let customer: Awaited<ReturnType<typeof makeCustomer>>;

beforeAll(async () => {
  rt = await createTestRuntime();
  app = await createTestApp(rt);
  await ensureBilling(rt);
  customer = await makeCustomer(rt, { name: "Route Ügyfél Kft." });
  await makeStaff(rt, { email: "bank-staff@example.test" });
  staff = await loginAs(app, "bank-staff@example.test", PASSWORD);
  customerS = await loginAs(app, customer.email, PASSWORD);
});
afterAll(async () => {
  await app.close();
  await rt.close();
});

const get = (url: string, s: Session = staff) =>
  app.inject({ method: "GET", url, headers: { cookie: s.cookie } });
const post = (url: string, payload: unknown, s: Session = staff) =>
  app.inject({
    method: "POST",
    url,
    payload: payload as object,
    headers: { cookie: s.cookie, "x-csrf-token": s.csrfToken },
  });

let seq = 0;
function camt(entries: { amount: string; text: string; name?: string }[]): string {
  const ntry = entries
    .map(
      (e) =>
        `<Ntry><Amt Ccy="HUF">${e.amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-11-20</Dt></BookgDt><AcctSvcrRef>R-${process.pid}-${++seq}</AcctSvcrRef><NtryDtls><TxDtls><RltdPties><Dbtr><Nm>${e.name ?? "Befizető"}</Nm></Dbtr></RltdPties><RmtInf><Ustrd>${e.text}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>`,
    )
    .join("");
  const xml = `<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><GrpHdr><MsgId>M${seq}</MsgId><CreDtTm>2026-11-21T06:00:00+01:00</CreDtTm></GrpHdr><Stmt><Id>S${seq}</Id><CreDtTm>2026-11-21T06:00:00+01:00</CreDtTm><Acct><Id><IBAN>${SELLER.bankAccount.iban}</IBAN></Id></Acct><Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="HUF">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-11-19</Dt></Dt></Bal>${ntry}</Stmt></BkToCstmrStmt></Document>`;
  return Buffer.from(xml).toString("base64");
}

interface Line {
  id: string;
  importId: string;
  state: string;
  reason: string | null;
  amount: string;
  candidates: { documentId: string; open: string; why: string }[];
  flags: { code: string; documentId?: string; candidate?: string }[];
  paymentId: string | null;
  customerId: string | null;
  decidedBy: string | null;
}

describe("statement upload", () => {
  it("imports, reports the outcome with decimal amounts, and lists the import and its lines", async () => {
    const inv = await makeInvoice(rt, customer.customerId, { status: "open", amount: "1500" });
    const ref = (
      await rt.db
        .selectFrom("documents")
        .select("payment_reference")
        .where("id", "=", inv.id)
        .executeTakeFirstOrThrow()
    ).payment_reference;
    const gross = inv.gross.toDecimalString();
    const file = camt([
      { amount: gross, text: `Fizetés ${ref}` },
      { amount: "99.99", text: "rejtély" },
    ]);
    const res = await post("/api/staff/bank/imports", { filename: "nov.xml", contentBase64: file });
    expect(res.statusCode).toBe(200);
    const report = res.json<Record<string, unknown>>();
    expect(report).toEqual({
      importId: expect.stringMatching(/^bim_/),
      format: "camt.053.001.02",
      statements: [
        {
          account: SELLER.bankAccount.iban,
          currency: "HUF",
          from: "2026-11-19",
          to: null,
          opening: "100.00",
          closing: null,
          entries: 2,
        },
      ],
      linesTotal: 2,
      linesNew: 2,
      matched: 1,
      credited: 0,
      queued: 1,
      ignored: 0,
      alreadyKnown: 0,
      warnings: [],
      payments: 1,
    });
    const importId = report.importId as string;

    const list = (await get("/api/staff/bank/imports?limit=1")).json<{
      items: { id: string; status: string; matched: number; queued: number }[];
      nextAfter: string | null;
    }>();
    expect(list.items[0]).toMatchObject({
      id: importId,
      status: "complete",
      matched: 1,
      queued: 1,
    });

    const detail = (await get(`/api/staff/bank/imports/${importId}`)).json<{
      statements: unknown[];
      linesTotal: number;
    }>();
    expect(detail.linesTotal).toBe(2);
    expect(detail.statements).toHaveLength(1);

    const lines = (await get(`/api/staff/bank/imports/${importId}/lines`)).json<{
      items: Line[];
    }>();
    expect(lines.items.map((l) => [l.state, l.amount])).toEqual([
      ["matched", gross],
      ["queued", "99.99"],
    ]);
    expect(lines.items[0]).toMatchObject({ customerId: customer.customerId, reason: "reference" });
    const queued = (
      await get(`/api/staff/bank/imports/${importId}/lines?state=queued&limit=1`)
    ).json<{ items: Line[]; nextAfter: string | null }>();
    expect(queued.items).toHaveLength(1);
    expect(queued.nextAfter).toBeNull();
    const page1 = (await get(`/api/staff/bank/imports/${importId}/lines?limit=1`)).json<{
      items: Line[];
      nextAfter: string;
    }>();
    const page2 = (
      await get(`/api/staff/bank/imports/${importId}/lines?limit=1&after=${page1.nextAfter}`)
    ).json<{ items: Line[] }>();
    expect([...page1.items, ...page2.items].map((l) => l.id)).toEqual(lines.items.map((l) => l.id));

    // The same file again adds nothing.
    const again = await post("/api/staff/bank/imports", {
      filename: "nov.xml",
      contentBase64: file,
    });
    expect(again.json()).toMatchObject({ linesNew: 0, alreadyKnown: 2, matched: 0, payments: 0 });
  });

  it("rejects a malformed file with the element at fault (422), and bad input (400)", async () => {
    const wrong = readFileSync(
      path.join(STANDARDS, "iso20022-camt/samples/genkgo/camt053.v2.wrong.xml"),
    ).toString("base64");
    const res = await post("/api/staff/bank/imports", {
      filename: "wrong.xml",
      contentBase64: wrong,
    });
    expect(res.statusCode).toBe(422);
    expect(res.headers["content-type"]).toMatch(/application\/problem\+json/);
    const problem = res.json<{ code: string; detail: string; errors: { path: string }[] }>();
    expect(problem.code).toBe("payments.statement_invalid");
    expect(problem.detail).toMatch(/BkToCstmrStmt/);
    expect(problem.errors[0]?.path).toMatch(/BkToCstmrStmt/);

    expect(
      (await post("/api/staff/bank/imports", { filename: "x.xml", contentBase64: "***" }))
        .statusCode,
    ).toBe(400);
    expect(
      (await post("/api/staff/bank/imports", { filename: "", contentBase64: camt([]) })).statusCode,
    ).toBe(400);
    expect(
      (
        await post("/api/staff/bank/imports", {
          filename: "x.sta",
          contentBase64: camt([]),
          format: "mt940",
        })
      ).statusCode,
    ).toBe(422);
  });

  it("is for staff only", async () => {
    expect((await get("/api/staff/bank/queue", customerS)).statusCode).toBe(403);
    expect(
      (await post("/api/staff/bank/imports", { filename: "a", contentBase64: "" }, customerS))
        .statusCode,
    ).toBe(403);
  });
});

describe("the queue", () => {
  async function queued(amount: string, text: string): Promise<Line> {
    const res = await post("/api/staff/bank/imports", {
      filename: "q.xml",
      contentBase64: camt([{ amount, text, name: "Ismeretlen" }]),
    });
    expect(res.json<{ queued: number }>().queued).toBe(1);
    const queue = (await get("/api/staff/bank/queue?limit=200")).json<{ items: Line[] }>();
    const line = queue.items.find((l) => l.amount === amount);
    if (!line) throw new Error("not queued");
    return line;
  }

  it("lists queued lines oldest first with keyset pages", async () => {
    await queued("11.11", "a");
    await queued("22.22", "b");
    const first = (await get("/api/staff/bank/queue?limit=1")).json<{
      items: Line[];
      nextAfter: string;
    }>();
    expect(first.items).toHaveLength(1);
    const second = (await get(`/api/staff/bank/queue?limit=1&after=${first.nextAfter}`)).json<{
      items: Line[];
    }>();
    expect(second.items[0]?.id).not.toBe(first.items[0]?.id);
    expect((await get("/api/staff/bank/queue?after=garbage")).statusCode).toBe(400);
  });

  it("assigns a queued line to documents in one call, then refuses a second decision", async () => {
    const inv = await makeInvoice(rt, customer.customerId, { status: "open", amount: "777" });
    const gross = inv.gross.toDecimalString();
    const line = await queued(gross, "valami");
    expect(line).toMatchObject({ state: "queued", reason: "amount_only" });
    expect(line.candidates).toEqual([
      expect.objectContaining({ documentId: inv.id, open: gross, why: "amount" }),
    ]);
    const res = await post(`/api/staff/bank/lines/${line.id}/assign`, {
      documents: [{ id: inv.id }],
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ line: Line; paymentId: string }>();
    expect(body.line).toMatchObject({
      state: "assigned",
      paymentId: body.paymentId,
      customerId: customer.customerId,
      decidedBy: staff.body.user.id,
    });
    const again = await post(`/api/staff/bank/lines/${line.id}/assign`, {
      customerId: customer.customerId,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json<{ code: string }>().code).toBe("payments.line_not_queued");
    expect(
      (await post(`/api/staff/bank/lines/${line.id}/dismiss`, { reason: "bank interest" }))
        .statusCode,
    ).toBe(409);
  });

  it("assigns to a customer as credit, dismisses, validates, 404s", async () => {
    const line = await queued("55.55", "előleg");
    const res = await post(`/api/staff/bank/lines/${line.id}/assign`, {
      customerId: customer.customerId,
    });
    expect(res.statusCode).toBe(200);

    const interest = await queued("0.42", "Kamat");
    expect(
      (await post(`/api/staff/bank/lines/${interest.id}/dismiss`, { reason: "x" })).statusCode,
    ).toBe(400);
    const dismissed = await post(`/api/staff/bank/lines/${interest.id}/dismiss`, {
      reason: "bank interest",
    });
    expect(dismissed.statusCode).toBe(200);
    expect(dismissed.json<{ line: Line }>().line).toMatchObject({
      state: "dismissed",
      reason: "bank interest",
      paymentId: null,
    });

    const other = await queued("66.66", "más");
    expect(
      (
        await post(`/api/staff/bank/lines/${other.id}/assign`, {
          documents: [{ id: "inv_nope", amount: "1.005" }],
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (await post(`/api/staff/bank/lines/${other.id}/assign`, { documents: [{ id: "inv_nope" }] }))
        .statusCode,
    ).toBe(404);
    expect(
      (await post(`/api/staff/bank/lines/bln_nope/assign`, { customerId: customer.customerId }))
        .statusCode,
    ).toBe(404);
    expect((await get("/api/staff/bank/imports/bim_nope")).statusCode).toBe(404);
    expect((await get("/api/staff/bank/imports/bim_nope/lines")).statusCode).toBe(404);
  });
});
