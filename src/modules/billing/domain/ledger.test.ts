import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { postingsFor, sumPostings, type LedgerEvent } from "./ledger.ts";

const byAccount = (e: LedgerEvent) =>
  Object.fromEntries(postingsFor(e).map((p) => [p.account, p.amount]));

describe("ledger posting rules", () => {
  it.each<[string, LedgerEvent, Record<string, bigint>]>([
    [
      "invoice",
      { kind: "invoice", net: 10000n, vat: 2700n },
      { receivable: 12700n, revenue: -10000n, vat_output: -2700n },
    ],
    [
      "credit note fully against an open invoice",
      { kind: "credit_note", net: -10000n, vat: -2700n, againstOriginal: 12700n },
      { receivable: -12700n, revenue: 10000n, vat_output: 2700n },
    ],
    [
      "credit note on a paid invoice becomes account credit",
      { kind: "credit_note", net: -10000n, vat: -2700n, againstOriginal: 0n },
      { customer_credit: -12700n, revenue: 10000n, vat_output: 2700n },
    ],
    [
      "credit note partly against the rest of the invoice",
      { kind: "credit_note", net: -10000n, vat: -2700n, againstOriginal: 700n },
      { receivable: -700n, customer_credit: -12000n, revenue: 10000n, vat_output: 2700n },
    ],
    [
      "overpayment",
      { kind: "payment", amount: 15000n, allocated: 12700n },
      { cash: 15000n, receivable: -12700n, customer_credit: -2300n },
    ],
    [
      "credit applied",
      { kind: "credit_applied", amount: 2300n },
      { customer_credit: 2300n, receivable: -2300n },
    ],
    ["refund", { kind: "refund", amount: 2300n }, { customer_credit: 2300n, cash: -2300n }],
    [
      "refund reversed",
      { kind: "refund_reversed", amount: 2300n },
      { customer_credit: -2300n, cash: 2300n },
    ],
    ["write-off", { kind: "write_off", amount: 500n }, { write_off: 500n, receivable: -500n }],
    [
      "zero-VAT invoice has no VAT posting",
      { kind: "invoice", net: 500n, vat: 0n },
      {
        receivable: 500n,
        revenue: -500n,
      },
    ],
  ])("%s", (_name, event, expected) => {
    expect(byAccount(event)).toEqual(expected);
  });

  it("rejects allocations out of range", () => {
    expect(() =>
      postingsFor({ kind: "credit_note", net: -100n, vat: 0n, againstOriginal: 101n }),
    ).toThrow();
    expect(() => postingsFor({ kind: "payment", amount: 100n, allocated: 101n })).toThrow();
  });

  it("every transaction balances", () => {
    const amount = fc.bigInt({ min: 0n, max: 10n ** 12n });
    const event: fc.Arbitrary<LedgerEvent> = fc.oneof(
      fc.record({ kind: fc.constant("invoice" as const), net: amount, vat: amount }),
      fc.tuple(amount, amount, fc.double({ min: 0, max: 1, noNaN: true })).map(([n, v, f]) => {
        const gross = n + v;
        const against = (gross * BigInt(Math.floor(f * 1000))) / 1000n;
        return { kind: "credit_note" as const, net: -n, vat: -v, againstOriginal: against };
      }),
      fc.tuple(amount, amount).map(([a, b]) => ({
        kind: "payment" as const,
        amount: a > b ? a : b,
        allocated: a > b ? b : a,
      })),
      fc.record({ kind: fc.constant("credit_applied" as const), amount }),
      fc.record({ kind: fc.constant("refund" as const), amount }),
      fc.record({ kind: fc.constant("refund_reversed" as const), amount }),
      fc.record({ kind: fc.constant("write_off" as const), amount }),
    );
    fc.assert(
      fc.property(event, (e) => {
        expect(sumPostings(postingsFor(e))).toBe(0n);
      }),
    );
  });
});
