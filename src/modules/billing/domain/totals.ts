import { Money, type CurrencyCode } from "../../../platform/money/index.ts";

/**
 * Document totals the EN 16931 way: line net = quantity × unit price (rounded half-even) minus
 * the line discount;
 * VAT is computed once per VAT category and rate on the sum of its line nets (BT-116 × BT-119),
 * never summed from rounded line VATs. For display, each group's VAT is spread over its lines
 * so that the lines add up to the document exactly.
 */
export interface LineInput {
  quantity: string;
  unitPrice: Money;
  /** Line allowance in the line's direction (negative on credit-note lines); default zero. */
  discount?: Money;
  vatCategory: string;
  vatRateBp: number;
}

export interface LineTotals {
  net: Money;
  vat: Money;
  gross: Money;
}

export interface VatBreakdown {
  vatCategory: string;
  vatRateBp: number;
  taxable: Money;
  vat: Money;
}

export interface DocumentTotals {
  lines: LineTotals[];
  breakdown: VatBreakdown[];
  net: Money;
  vat: Money;
  gross: Money;
}

export function computeTotals(currency: CurrencyCode, lines: readonly LineInput[]): DocumentTotals {
  const nets = lines.map((l) => {
    if (l.unitPrice.currency !== currency)
      throw new Error(`Line currency ${l.unitPrice.currency} ≠ ${currency}`);
    const gross = l.unitPrice.multiply(l.quantity);
    return l.discount ? gross.subtract(l.discount) : gross;
  });
  const groups = new Map<string, { vatCategory: string; vatRateBp: number; indexes: number[] }>();
  lines.forEach((l, i) => {
    const key = `${l.vatCategory}|${l.vatRateBp}`;
    const g = groups.get(key) ?? {
      vatCategory: l.vatCategory,
      vatRateBp: l.vatRateBp,
      indexes: [],
    };
    g.indexes.push(i);
    groups.set(key, g);
  });
  const lineVats: Money[] = lines.map(() => Money.zero(currency));
  const breakdown: VatBreakdown[] = [];
  for (const g of groups.values()) {
    const taxable = g.indexes.reduce((acc, i) => acc.add(nets[i]!), Money.zero(currency));
    const vat = taxable.applyRate(g.vatRateBp);
    breakdown.push({ vatCategory: g.vatCategory, vatRateBp: g.vatRateBp, taxable, vat });
    const weights = g.indexes.map((i) => (nets[i]!.minor < 0n ? -nets[i]!.minor : nets[i]!.minor));
    if (!vat.isZero() && weights.some((w) => w > 0n)) {
      vat.allocate(weights).forEach((part, k) => {
        lineVats[g.indexes[k]!] = part;
      });
    }
  }
  const net = nets.reduce((a, b) => a.add(b), Money.zero(currency));
  const vat = breakdown.reduce((a, b) => a.add(b.vat), Money.zero(currency));
  return {
    lines: nets.map((n, i) => ({ net: n, vat: lineVats[i]!, gross: n.add(lineVats[i]!) })),
    breakdown,
    net,
    vat,
    gross: net.add(vat),
  };
}

export type DisplayStatus = "open" | "paid" | "overdue" | "cancelled";

export function displayStatus(
  status: "open" | "paid" | "cancelled",
  dueDate: string | null,
  today: string,
): DisplayStatus {
  if (status === "open" && dueDate !== null && dueDate < today) return "overdue";
  return status;
}
