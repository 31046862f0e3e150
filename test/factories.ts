import type { Actor } from "../src/platform/audit.ts";
import type { BillingCycle, ServiceStatus } from "../src/platform/db/index.ts";
import { Money, type CurrencyCode } from "../src/platform/money/index.ts";
import { createCustomer } from "../src/modules/accounts/index.ts";
import { createStaffUser, enrolTwoFactor, type StaffRole } from "../src/modules/auth/index.ts";
import { ensureProduct } from "../src/modules/catalog/index.ts";
import { addService } from "../src/modules/subscriptions/index.ts";
import {
  getSeller,
  issueDocument,
  saveSeller,
  setExchangeRate,
  settleProforma,
} from "../src/modules/billing/index.ts";
import type { TestRuntime } from "./db.ts";
import { rememberTwoFactor } from "./http.ts";

const actor: Actor = { type: "system", name: "test" };
let seq = 0;
const next = () => `${process.pid}-${++seq}`;

export const PASSWORD = "correct horse battery";

export const SELLER = {
  name: "Test Provider Kft.",
  country: "HU",
  postalCode: "1051",
  city: "Budapest",
  addressLine: "Test utca 1.",
  taxNumber: "12345676-2-41",
  euVatNumber: "HU12345676",
  registrationNumber: "01-09-999999",
  email: "billing@provider.test",
  phone: null,
  bankAccount: { iban: "HU42117730161111101800000000", bic: "OTPVHUHB", bankName: "OTP Bank" },
  vatExempt: false,
};

export async function makeCustomer(
  rt: TestRuntime,
  o: {
    name?: string;
    email?: string;
    password?: string | null;
    language?: "hu" | "en";
    currency?: CurrencyCode;
    country?: string;
    kind?: "company" | "person";
    taxNumber?: string | null;
    euVatNumber?: string | null;
  } = {},
) {
  const n = next();
  const email = o.email ?? `customer-${n}@example.test`;
  const created = await createCustomer(
    rt,
    {
      kind: o.kind ?? "company",
      name: o.name ?? `Customer ${n} Kft.`,
      taxNumber: o.taxNumber ?? null,
      euVatNumber: o.euVatNumber ?? null,
      country: o.country ?? "HU",
      city: "Budapest",
      postalCode: "1111",
      addressLine: "Fő utca 1.",
      language: o.language ?? "hu",
      currency: o.currency ?? "HUF",
      contact: {
        name: `Contact ${n}`,
        email,
        password: o.password === undefined ? PASSWORD : o.password,
      },
    },
    actor,
  );
  return { ...created, email, password: PASSWORD };
}

/**
 * A staff user with the test password. Staff must use two-factor login, so the user is enrolled
 * with a random secret that `loginAs` (test/http.ts) answers the second step with; pass
 * `twoFactor: false` for one that still has to enrol.
 */
export async function makeStaff(
  rt: TestRuntime,
  o: { role?: StaffRole; email?: string; twoFactor?: boolean } = {},
) {
  const email = o.email ?? `staff-${next()}@example.test`;
  const r = await createStaffUser(
    rt,
    { email, name: "Staff", role: o.role ?? "admin", language: "en", password: PASSWORD },
    actor,
  );
  let totp: { secret: string; recoveryCodes: string[] } | null = null;
  if (o.twoFactor !== false) {
    totp = await enrolTwoFactor(rt, r.userId, {}, actor);
    rememberTwoFactor(email, { ...totp, clock: rt.clock });
  }
  return { userId: r.userId, email, password: PASSWORD, totp };
}

export async function makeProduct(
  rt: TestRuntime,
  o: { code?: string; kind?: "hosting" | "domain" | "software" | "ssl" | "addon" } = {},
) {
  const code = o.code ?? `product-${next()}`;
  const price = (cycle: "monthly" | "annual", amount: string, currency: "HUF" | "EUR") => ({
    cycle,
    currency,
    amount,
    setupFee: "0",
    registerAmount: null,
    transferAmount: null,
  });
  const r = await ensureProduct(
    rt,
    {
      code,
      kind: o.kind ?? "hosting",
      name: `Plan ${code}`,
      description: "",
      active: true,
      // A domain product prices a TLD of its own (a made-up one).
      tld: o.kind === "domain" ? code : null,
      freeDomainTlds: [],
      renewalLeadDays: null,
      reminderDays: null,
      provisioningModule: null,
      prices: [
        price("monthly", "1490.00", "HUF"),
        price("annual", "14900.00", "HUF"),
        price("monthly", "3.90", "EUR"),
      ],
    },
    actor,
  );
  return { productId: r.id, code };
}

export async function makeService(
  rt: TestRuntime,
  customerId: string,
  o: {
    productId?: string;
    status?: ServiceStatus;
    cycle?: BillingCycle;
    price?: Money;
    label?: string;
    nextDueDate?: string;
    startDate?: string;
    domain?: string;
  } = {},
) {
  const productId = o.productId ?? (await makeProduct(rt)).productId;
  return rt.db.transaction().execute((tx) =>
    addService(
      tx,
      rt,
      {
        customerId,
        productId,
        label: o.label ?? `site-${next()}.hu`,
        status: o.status ?? "active",
        cycle: o.cycle ?? "monthly",
        price: o.price ?? Money.parse("1490.00", "HUF"),
        startDate: o.startDate ?? "2026-01-01",
        nextDueDate: o.nextDueDate ?? "2026-12-01",
        domain: o.domain ?? null,
      },
      actor,
    ),
  );
}

/** The provider's invoicing data and an EUR rate, set once per test database. */
export async function ensureBilling(rt: TestRuntime): Promise<void> {
  if (await getSeller(rt.db)) return;
  await rt.db.transaction().execute(async (tx) => {
    await saveSeller(tx, SELLER, null, rt.clock.now());
    await setExchangeRate(
      tx,
      rt,
      { currency: "EUR", date: "2026-01-01", rate: "395.50", source: "test" },
      actor,
    );
  });
}

/**
 * An invoice or proforma of one hosting line. `status: "paid"` (the default for invoices)
 * goes the real way: a proforma, paid, and the final invoice issued on payment.
 */
export async function makeInvoice(
  rt: TestRuntime,
  customerId: string,
  o: {
    kind?: "invoice" | "proforma";
    status?: "open" | "paid";
    dueDate?: string;
    currency?: CurrencyCode;
    amount?: string;
    issueDate?: string;
  } = {},
): Promise<{ id: string; number: string; gross: Money }> {
  await ensureBilling(rt);
  const currency = o.currency ?? "HUF";
  const kind = o.kind ?? "invoice";
  const paid = kind === "invoice" && (o.status ?? "paid") === "paid";
  const issueDate = o.issueDate ?? "2026-11-01";
  return rt.db.transaction().execute(async (tx) => {
    const doc = await issueDocument(
      tx,
      rt,
      {
        kind: paid ? "proforma" : kind,
        customerId,
        currency,
        issueDate,
        dueDate: o.dueDate ?? "2026-11-15",
        lines: [
          {
            description: "Start hosting",
            quantity: "1",
            unit: "month",
            unitPrice: Money.parse(o.amount ?? "1490.00", currency),
          },
        ],
      },
      actor,
    );
    if (!paid) return doc;
    const r = await settleProforma(
      tx,
      rt,
      doc.id,
      { paymentId: null, amount: doc.gross, method: "card", paidOn: issueDate },
      actor,
    );
    return { id: r.invoiceId!, number: r.number!, gross: doc.gross };
  });
}
