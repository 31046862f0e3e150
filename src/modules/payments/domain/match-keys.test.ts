import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { creditorReference } from "../../../platform/creditor-reference.ts";
import {
  checkDigitsOf,
  isPayment,
  ReadPlan,
  referenceOfBody,
  structuredNeighbours,
} from "./match-keys.ts";
import {
  buildMatchContext,
  buildReferenceIndex,
  decideMatches,
  distanceAtMostOne,
  type MatchDocument,
  type MatchLine,
} from "./matching.ts";

const SERIES = ["KAPU", "DBK", "A1"] as const;

describe("structuredNeighbours", () => {
  /** Every string within one edit of q, by brute force over letters and digits. */
  function bruteForce(q: string, series: readonly string[]): string[] {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    const all = new Set<string>([q]);
    for (let i = 0; i <= q.length; i++) {
      for (const c of alphabet) {
        all.add(q.slice(0, i) + c + q.slice(i));
        if (i < q.length) all.add(q.slice(0, i) + c + q.slice(i + 1));
      }
      if (i < q.length) all.add(q.slice(0, i) + q.slice(i + 1));
      if (i + 1 < q.length) all.add(q.slice(0, i) + q.charAt(i + 1) + q.charAt(i) + q.slice(i + 2));
    }
    return [...all]
      .filter(
        (s) =>
          s.length <= 21 &&
          series.some((p) => s.startsWith(p) && /^\d{10,}$/.test(s.slice(p.length))),
      )
      .sort();
  }

  it("finds exactly the document bodies within one edit", () => {
    const body = fc.oneof(
      fc
        .tuple(fc.constantFrom(...SERIES), fc.integer({ min: 1, max: 1_500_000 }))
        .map(([s, n]) => `${s}2026${String(n).padStart(6, "0")}`),
      fc.stringMatching(/^[A-Z0-9]{3,20}$/),
    );
    const edited = fc
      .tuple(body, fc.nat(), fc.constantFrom("A", "7", "K", "0"))
      .map(([b, at, c]) => {
        const i = at % (b.length + 1);
        return [b, b.slice(0, i) + c + b.slice(i + 1), b.slice(0, i) + b.slice(i + 1)];
      });
    fc.assert(
      fc.property(edited, (qs) => {
        for (const q of qs)
          expect(structuredNeighbours(q, SERIES).sort()).toEqual(bruteForce(q, SERIES));
      }),
      { numRuns: 150 },
    );
  });

  it("computes the check digits billing computes", () => {
    expect(checkDigitsOf("KAPU2026000001")).toBe("62");
    expect(referenceOfBody("DBK2026000123")).toBe("RF79DBK2026000123");
    expect(referenceOfBody("not a body")).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------
// The plan: decideMatch over the documents read decides as over all documents
// ---------------------------------------------------------------------------------------------

interface Universe {
  documents: MatchDocument[];
  byReference: Map<string, MatchDocument>;
}

function universe(seqs: readonly [number, number, number, number, bigint][]): Universe {
  const documents: MatchDocument[] = [];
  const seen = new Set<string>();
  for (const [s, seq, customer, status, open] of seqs) {
    const series = SERIES[s % SERIES.length] ?? "KAPU";
    const body = `${series}2026${String(seq).padStart(6, "0")}`;
    if (seen.has(body)) continue;
    seen.add(body);
    const st = status % 10 === 0 ? "paid" : status % 10 === 1 ? "cancelled" : "open";
    documents.push({
      id: `d-${body}`,
      customerId: `c${customer % 4}`,
      number: `${series}-2026-${String(seq).padStart(6, "0")}`,
      reference: creditorReference(body),
      currency: "HUF",
      total: open,
      open: st === "open" ? open : 0n,
      status: st,
    });
  }
  // Cancelled proformas replaced by the next document.
  documents.forEach((d, i) => {
    const next = documents[i + 1];
    if (d.status === "cancelled" && next && i % 2 === 0)
      documents[i] = { ...d, supersededById: next.id };
  });
  return { documents, byReference: new Map(documents.map((d) => [d.reference ?? "", d])) };
}

/** A line's text: a document's reference or number, exact or with one edit, or noise. */
const mention = (u: Universe) =>
  fc
    .tuple(
      fc.nat(),
      fc.constantFrom("rf", "number", "spaced"),
      fc.constantFrom("none", "sub", "ins", "del", "swap"),
      fc.nat(),
      fc.constantFrom("0", "1", "7", "9", "K", "O"),
    )
    .map(([pick, form, edit, at, ch]) => {
      const d = u.documents[pick % Math.max(1, u.documents.length)];
      if (!d) return "semmi";
      let t = form === "rf" ? (d.reference ?? "") : d.number.replace(/-/g, "");
      const i = at % t.length;
      if (edit === "sub") t = t.slice(0, i) + ch + t.slice(i + 1);
      if (edit === "ins") t = t.slice(0, i) + ch + t.slice(i);
      if (edit === "del") t = t.slice(0, i) + t.slice(i + 1);
      if (edit === "swap" && i + 1 < t.length)
        t = t.slice(0, i) + t.charAt(i + 1) + t.charAt(i) + t.slice(i + 2);
      return form === "spaced" ? t.replace(/(\d{4})(\d+)/, "$1 / $2") : t;
    });

function lineArb(u: Universe): fc.Arbitrary<MatchLine> {
  return fc
    .tuple(
      fc.array(fc.oneof(mention(u), fc.constantFrom("köszönöm", "RF12 3456", "2026.11.20")), {
        minLength: 0,
        maxLength: 3,
      }),
      fc.constantFrom(1000n, 2500n, 4990n, 12345n),
      fc.constantFrom<"credit" | "debit">("credit", "credit", "credit", "debit"),
    )
    .map(([parts, amount, direction]) => ({
      direction,
      amount,
      currency: "HUF",
      remittance: parts.join(" "),
    }));
}

/** What the import reads for the plan, from an in-memory "database". */
function readFor(u: Universe, lines: readonly MatchLine[]): MatchDocument[] {
  const read = new Set<string>();
  const known = (r: string) => {
    const d = u.byReference.get(r);
    return d !== undefined && read.has(d.id);
  };
  const readRefs = (refs: readonly string[]) => {
    for (const r of refs) {
      const d = u.byReference.get(r);
      if (d) read.add(d.id);
    }
  };
  // One document per series.
  for (const s of SERIES) {
    const d = u.documents.find((x) => x.number.startsWith(`${s}-`));
    if (d) read.add(d.id);
  }
  const plan = new ReadPlan(lines, SERIES);
  readRefs(plan.first);
  readRefs(plan.second(known));
  for (let hop = 0; hop < 5; hop++)
    for (const d of u.documents) if (read.has(d.id) && d.supersededById) read.add(d.supersededById);
  const { byAmountAndPayer } = plan.rest(known);
  for (const i of byAmountAndPayer) {
    const line = lines[i];
    for (const d of u.documents)
      if (line && d.status === "open" && d.open === line.amount) read.add(d.id);
  }
  return u.documents.filter((d) => read.has(d.id));
}

describe("ReadPlan", () => {
  it("reads what decideMatch needs: the decisions over the documents read equal those over all", () => {
    const docs = fc.array(
      fc.tuple(
        fc.nat(),
        fc.integer({ min: 1, max: 400 }),
        fc.nat(),
        fc.nat(),
        fc.constantFrom(1000n, 2500n, 4990n, 12345n),
      ),
      { minLength: 1, maxLength: 300 },
    );
    fc.assert(
      fc.property(
        docs.chain((seqs) => {
          const u = universe(seqs);
          return fc.tuple(fc.constant(u), fc.array(lineArb(u), { minLength: 1, maxLength: 12 }));
        }),
        ([u, lines]) => {
          const all = buildMatchContext(buildReferenceIndex(u.documents), []);
          const part = buildMatchContext(buildReferenceIndex(readFor(u, lines)), []);
          expect(decideMatches(lines, part)).toEqual(decideMatches(lines, all));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("reads a few documents per line, not the universe", () => {
    const u = universe(
      Array.from({ length: 3000 }, (_, i) => [i % 3, i + 1, i, i, 1000n + BigInt(i)] as const),
    );
    const doc = u.documents[1234];
    const ref = doc?.reference ?? "";
    const lines: MatchLine[] = [
      { direction: "credit", amount: doc?.total ?? 0n, currency: "HUF", remittance: ref },
      {
        direction: "credit",
        amount: doc?.total ?? 0n,
        currency: "HUF",
        remittance: ref.slice(0, -1) + (ref.endsWith("9") ? "8" : "9"),
      },
    ];
    expect(isPayment(lines[0] as MatchLine)).toBe(true);
    const read = readFor(u, lines);
    expect(read.length).toBeLessThan(10);
    expect(
      decideMatches(lines, buildMatchContext(buildReferenceIndex(read), [])).map((d) => d.kind),
    ).toEqual(["matched", "credit"]);
    expect(distanceAtMostOne(ref, lines[1]?.remittance ?? "")).toBe(1);
  });
});
