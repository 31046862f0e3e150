import type { Deps } from "../platform/context.ts";
import type { Actor } from "../platform/audit.ts";
import { addDays, addMonths, localDate } from "../platform/clock.ts";
import type { BillingCycle } from "../platform/db/index.ts";
import { Money } from "../platform/money/index.ts";
import { customerExistsByName, insertCustomerWithContact } from "../modules/accounts/index.ts";
import { createStaffUser, findUserByEmail, hashPassword } from "../modules/auth/index.ts";
import { catalogPrice, ensureProduct } from "../modules/catalog/index.ts";
import { addService } from "../modules/subscriptions/index.ts";
import { issueDocument, type DocumentLineInput } from "../modules/billing/index.ts";
import {
  DEMO_CUSTOMER_PASSWORD,
  DEMO_CUSTOMERS,
  DEMO_PRODUCTS,
  DEMO_SELLER,
  DEMO_STAFF,
  type DemoCustomer,
} from "./data.ts";

export interface DemoLogins {
  url: string;
  staff: { email: string; password: string; role: string }[];
  customers: { email: string; password: string; customer: string; language: string }[];
  created: { products: number; customers: number; staff: number };
}

const ACTOR: Actor = { type: "cli", name: "demo" };
const CYCLE_MONTHS: Record<BillingCycle, number> = {
  monthly: 1,
  quarterly: 3,
  semiannual: 6,
  annual: 12,
  biennial: 24,
  one_time: 0,
};
/** Destination VAT for EU consumers of electronic services (demo subset), in basis points. */
const CONSUMER_VAT_BP: Record<string, number> = { HU: 2700, FI: 2550, SI: 2200, DE: 1900 };
const EUR_TO_HUF = "395.50";

function vatFor(c: DemoCustomer): { vatCategory: string; vatRateBp: number } {
  if (c.country === "HU") return { vatCategory: "S", vatRateBp: 2700 };
  if (c.euVatNumber) return { vatCategory: "AE", vatRateBp: 0 };
  return { vatCategory: "S", vatRateBp: CONSUMER_VAT_BP[c.country] ?? 2700 };
}

/**
 * Loads the demo provider: products, ~20 customers with logins, services, invoices and
 * proformas in HUF and EUR, and a staff admin. Idempotent: what exists is left as it is.
 */
export async function loadDemo(deps: Deps): Promise<DemoLogins> {
  const created = { products: 0, customers: 0, staff: 0 };
  const productIds = new Map<string, string>();
  for (const p of DEMO_PRODUCTS) {
    const prices = p.prices.flatMap((x) => [
      { cycle: x.cycle, price: Money.parse(x.huf, "HUF") },
      { cycle: x.cycle, price: Money.parse(x.eur, "EUR") },
    ]);
    const r = await ensureProduct(
      deps,
      { code: p.code, kind: p.kind, name: p.name, description: p.description, prices },
      ACTOR,
    );
    productIds.set(p.code, r.id);
    if (r.created) created.products++;
  }

  for (const s of DEMO_STAFF) {
    if (await findUserByEmail(deps.db, s.email)) continue;
    await createStaffUser(
      deps,
      { email: s.email, name: s.name, role: s.role, language: "hu", password: s.password },
      ACTOR,
    );
    created.staff++;
  }

  const passwordHash = await hashPassword(DEMO_CUSTOMER_PASSWORD);
  const today = localDate(deps.clock.now(), deps.config.timeZone);
  for (const [index, c] of DEMO_CUSTOMERS.entries()) {
    if (await customerExistsByName(deps.db, c.name)) continue;
    await deps.db.transaction().execute(async (tx) => {
      const { customerId } = await insertCustomerWithContact(
        tx,
        deps,
        {
          kind: c.kind,
          name: c.name,
          country: c.country,
          postalCode: c.postalCode,
          city: c.city,
          addressLine: c.addressLine,
          taxNumber: c.taxNumber ?? null,
          euVatNumber: c.euVatNumber ?? null,
          language: c.language,
          currency: c.currency,
          contact: { name: c.contact.name, email: c.contact.email },
        },
        passwordHash,
        ACTOR,
      );
      const vat = vatFor(c);
      for (const [k, [code, label, cycle, status]] of c.services.entries()) {
        const productId = productIds.get(code)!;
        const price = await catalogPrice(tx, productId, cycle, c.currency);
        if (!price) throw new Error(`Demo product ${code} has no ${cycle} price in ${c.currency}`);
        const months = CYCLE_MONTHS[cycle];
        // Started some periods ago; the current period began at `periodStart`.
        const periodsAgo = 1 + ((index + k) % 3);
        const dueShift = ((index * 7 + k * 5) % 40) - 8; // next due from 8 days ago to 31 days ahead
        const nextDue = addDays(today, dueShift);
        const periodStart = addMonths(nextDue, -months);
        const startDate = addMonths(periodStart, -months * (periodsAgo - 1));
        const serviceId = await addService(
          tx,
          deps,
          {
            customerId,
            productId,
            label,
            status,
            cycle,
            price,
            startDate: status === "pending" ? today : startDate,
            nextDueDate: status === "cancelled" || status === "pending" ? null : nextDue,
          },
          ACTOR,
        );
        if (status === "pending") continue;
        const product = DEMO_PRODUCTS.find((p) => p.code === code)!;
        const line = (from: string, to: string): DocumentLineInput => ({
          description: label ? `${product.name} — ${label}` : product.name,
          quantity: "1",
          unit: c.language === "hu" ? "db" : "pcs",
          unitPrice: price,
          ...vat,
          serviceId,
          periodFrom: from,
          periodTo: addDays(to, -1),
        });
        const common = {
          customerId,
          currency: c.currency,
          seller: DEMO_SELLER,
          exchangeRate: c.currency === "HUF" ? null : EUR_TO_HUF,
        } as const;
        // The paid invoice of the current period.
        await issueDocument(
          tx,
          deps,
          {
            ...common,
            kind: "invoice",
            issueDate: minDate(periodStart, today),
            fulfilmentDate: minDate(periodStart, today),
            dueDate: minDate(periodStart, today),
            status: "paid",
            lines: [line(periodStart, nextDue)],
          },
          ACTOR,
        );
        // A renewal proforma when the next period is near (overdue for suspended services).
        if (status === "suspended" || dueShift <= 14) {
          await issueDocument(
            tx,
            deps,
            {
              ...common,
              kind: "proforma",
              issueDate: minDate(addDays(nextDue, -14), today),
              dueDate: status === "suspended" ? addDays(today, -10) : nextDue,
              status: "open",
              lines: [line(nextDue, addMonths(nextDue, months))],
            },
            ACTOR,
          );
        }
      }
    });
    created.customers++;
  }

  return {
    url: deps.config.baseUrl,
    staff: DEMO_STAFF.map((s) => ({ email: s.email, password: s.password, role: s.role })),
    customers: DEMO_CUSTOMERS.map((c) => ({
      email: c.contact.email,
      password: DEMO_CUSTOMER_PASSWORD,
      customer: c.name,
      language: c.language,
    })),
    created,
  };
}

function minDate(a: string, b: string): string {
  return a < b ? a : b;
}
