import type { Deps } from "../platform/context.ts";
import type { Actor } from "../platform/audit.ts";
import { addDays, addMonths, localDate } from "../platform/clock.ts";
import type { BillingCycle } from "../platform/db/index.ts";
import {
  customerExistsByName,
  insertActiveManagerAccess,
  insertContactWithLogin,
  insertCustomerWithContact,
} from "../modules/accounts/index.ts";
import {
  addLogin,
  createStaffUser,
  enrolTwoFactor,
  findUserByEmail,
  hashPassword,
} from "../modules/auth/index.ts";
import { catalogPrice, ensureProduct, type CatalogProductInput } from "../modules/catalog/index.ts";
import { addService } from "../modules/subscriptions/index.ts";
import {
  issueDocument,
  recordVatEvidence,
  saveSeller,
  getSeller,
  setExchangeRate,
  settleProforma,
  type LineRequest,
} from "../modules/billing/index.ts";
import {
  DEMO_AGENCY,
  DEMO_CONTACTS,
  DEMO_CUSTOMER_PASSWORD,
  DEMO_CUSTOMERS,
  DEMO_PRODUCTS,
  type DemoProduct,
  DEMO_SELLER,
  DEMO_STAFF,
} from "./data.ts";

export interface DemoLogins {
  url: string;
  /** `totpSecret`: the login's two-factor secret; null: it enrols at its first login. */
  staff: { email: string; password: string; role: string; totpSecret: string | null }[];
  customers: { email: string; password: string; customer: string; language: string }[];
  /** Logins with narrower access: an agency managing accounts, a billing-only contact. */
  access: { email: string; password: string; what: string }[];
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
const EUR_TO_HUF = ["395.50", "401.20", "389.90"];

/**
 * Loads the demo provider: products, ~20 customers with logins, services, invoices and
 * proformas in HUF and EUR, and a staff admin. Idempotent: what exists is left as it is.
 */
export async function loadDemo(deps: Deps): Promise<DemoLogins> {
  const created = { products: 0, customers: 0, staff: 0 };
  const productIds = new Map<string, string>();
  for (const p of DEMO_PRODUCTS) {
    const r = await ensureProduct(deps, demoProductInput(p), ACTOR);
    productIds.set(p.code, r.id);
    if (r.created) created.products++;
  }

  for (const s of DEMO_STAFF) {
    if (await findUserByEmail(deps.db, s.email)) continue;
    const { userId } = await createStaffUser(
      deps,
      { email: s.email, name: s.name, role: s.role, language: "hu", password: s.password },
      ACTOR,
    );
    if (s.totpSecret) await enrolTwoFactor(deps, userId, { secret: s.totpSecret }, ACTOR);
    created.staff++;
  }

  const passwordHash = await hashPassword(DEMO_CUSTOMER_PASSWORD);
  const today = localDate(deps.clock.now(), deps.config.timeZone);
  if (!(await getSeller(deps.db))) {
    await deps.db.transaction().execute(async (tx) => {
      await saveSeller(tx, DEMO_SELLER, null, deps.clock.now());
      // MNB-like EUR rates (demo values) covering every demo tax point.
      for (const [i, rate] of EUR_TO_HUF.entries()) {
        await setExchangeRate(
          tx,
          deps,
          { currency: "EUR", date: addMonths(today, -36 + i * 12), rate, source: "demo" },
          ACTOR,
        );
      }
    });
  }
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
      if (c.euVatNumber && c.country !== "HU") {
        // Demo evidence so reverse charge applies; a real provider gets it from VIES.
        await recordVatEvidence(tx, deps, {
          customerId,
          vatNumber: c.euVatNumber,
          detail: "demo data: not asked from VIES",
        });
      }
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
            domain:
              product(code).kind === "hosting" || product(code).kind === "domain" ? label : null,
            status,
            cycle,
            price,
            startDate: status === "pending" ? today : startDate,
            nextDueDate: status === "cancelled" || status === "pending" ? null : nextDue,
          },
          ACTOR,
        );
        if (status === "pending") continue;
        const productOf = product(code);
        const line = (from: string, to: string): LineRequest => ({
          description: label ? `${productOf.name} — ${label}` : productOf.name,
          quantity: "1",
          unit: "piece",
          unitPrice: price,
          supply: "electronic",
          serviceId,
          productId,
          periodFrom: from,
          periodTo: addDays(to, -1),
        });
        // The current period: asked for with a proforma, paid, and invoiced on payment.
        const paidOn = minDate(periodStart, today);
        const proforma = await issueDocument(
          tx,
          deps,
          {
            kind: "proforma",
            customerId,
            currency: c.currency,
            issueDate: minDate(addDays(periodStart, -10), today),
            lines: [line(periodStart, nextDue)],
            silent: true,
          },
          ACTOR,
        );
        await settleProforma(
          tx,
          deps,
          proforma.id,
          {
            paymentId: null,
            amount: proforma.gross,
            method: index % 2 === 0 ? "card" : "transfer",
            paidOn,
          },
          ACTOR,
          { silent: true },
        );
        // A renewal proforma when the next period is near (overdue for suspended services).
        if (status === "suspended" || dueShift <= 14) {
          await issueDocument(
            tx,
            deps,
            {
              kind: "proforma",
              customerId,
              currency: c.currency,
              issueDate:
                status === "suspended"
                  ? addDays(today, -24)
                  : minDate(addDays(nextDue, -14), today),
              dueDate: status === "suspended" ? addDays(today, -10) : maxDate(nextDue, today),
              lines: [line(nextDue, addMonths(nextDue, months))],
              silent: true,
            },
            ACTOR,
          );
        }
      }
    });
    created.customers++;
  }

  await loadDemoAccess(deps, passwordHash);

  return {
    url: deps.config.baseUrl,
    staff: DEMO_STAFF.map((s) => ({
      email: s.email,
      password: s.password,
      role: s.role,
      totpSecret: s.totpSecret,
    })),
    customers: DEMO_CUSTOMERS.map((c) => ({
      email: c.contact.email,
      password: DEMO_CUSTOMER_PASSWORD,
      customer: c.name,
      language: c.language,
    })),
    access: [
      {
        email: DEMO_AGENCY.email,
        password: DEMO_CUSTOMER_PASSWORD,
        what: `agency: manages ${DEMO_AGENCY.manages.map((m) => m.customer).join(", ")}`,
      },
      ...DEMO_CONTACTS.map((c) => ({
        email: c.email,
        password: DEMO_CUSTOMER_PASSWORD,
        what: `${c.customer}: ${c.permissions.join(", ")} only`,
      })),
    ],
    created,
  };
}

/** The agency and the narrower contacts (idempotent: skipped when their login exists). */
async function loadDemoAccess(deps: Deps, passwordHash: string): Promise<void> {
  if (!(await findUserByEmail(deps.db, DEMO_AGENCY.email))) {
    await deps.db.transaction().execute(async (tx) => {
      const userId = await addLogin(tx, deps, {
        email: DEMO_AGENCY.email,
        name: DEMO_AGENCY.name,
        passwordHash,
        language: "hu",
        staffRole: null,
      });
      for (const m of DEMO_AGENCY.manages) {
        const customerId = await customerExistsByName(tx, m.customer);
        if (!customerId) continue;
        await insertActiveManagerAccess(
          tx,
          deps,
          {
            customerId,
            managerUserId: userId,
            email: DEMO_AGENCY.email,
            permissions: m.permissions,
          },
          ACTOR,
        );
      }
    });
  }
  for (const c of DEMO_CONTACTS) {
    if (await findUserByEmail(deps.db, c.email)) continue;
    await deps.db.transaction().execute(async (tx) => {
      const customerId = await customerExistsByName(tx, c.customer);
      if (!customerId) return;
      await insertContactWithLogin(tx, deps, { ...c, customerId, passwordHash }, ACTOR);
    });
  }
}

function maxDate(a: string, b: string): string {
  return a > b ? a : b;
}

function minDate(a: string, b: string): string {
  return a < b ? a : b;
}

function product(code: string): DemoProduct {
  return DEMO_PRODUCTS.find((p) => p.code === code)!;
}

function demoProductInput(p: DemoProduct): CatalogProductInput {
  return {
    code: p.code,
    kind: p.kind,
    name: p.name,
    description: p.description,
    active: true,
    tld: p.tld ?? null,
    freeDomainTlds: p.freeDomainTlds ?? [],
    renewalLeadDays: null,
    reminderDays: null,
    provisioningModule: p.provisioningModule ?? null,
    prices: p.prices.flatMap((x) =>
      (["HUF", "EUR"] as const).map((currency) => {
        const k = currency === "HUF" ? 0 : 1;
        return {
          cycle: x.cycle,
          currency,
          amount: currency === "HUF" ? x.huf : x.eur,
          setupFee: x.setup?.[k] ?? "0",
          registerAmount: x.register?.[k] ?? null,
          transferAmount: x.transfer?.[k] ?? null,
        };
      }),
    ),
  };
}
