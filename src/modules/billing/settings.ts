import { z } from "zod";
import type { Db } from "../../platform/db/index.ts";
import { AppError } from "../../platform/errors.ts";
import { DEFAULT_NUMBER_FORMAT, numberFormatProblem } from "./domain/numbering.ts";
import type { Party } from "./domain/document.ts";
import { readSetting, writeSetting } from "../../platform/settings.ts";

/** Provider settings of invoicing: who issues the documents and how. */

const country = z.string().regex(/^[A-Z]{2}$/, "ISO 3166-1 alpha-2 country code, e.g. HU");

export const sellerSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    country,
    postalCode: z.string().trim().min(1).max(20),
    city: z.string().trim().min(1).max(100),
    addressLine: z.string().trim().min(1).max(200),
    taxNumber: z
      .string()
      .regex(/^\d{8}-\d-\d{2}$/, "Hungarian tax number: 12345678-1-23")
      .nullable(),
    euVatNumber: z
      .string()
      .regex(/^[A-Z]{2}[0-9A-Z]{2,13}$/, "EU VAT number with country prefix")
      .nullable(),
    registrationNumber: z.string().trim().max(40).nullable().default(null),
    email: z.email().nullable().default(null),
    phone: z.string().trim().max(40).nullable().default(null),
    bankAccount: z
      .object({
        iban: z.string().regex(/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/, "IBAN without spaces"),
        bic: z
          .string()
          .regex(/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/)
          .nullable(),
        bankName: z.string().trim().max(100).nullable(),
      })
      .nullable(),
    vatExempt: z.boolean().default(false),
  })
  .meta({ id: "Seller" });

export type Seller = z.infer<typeof sellerSchema>;

const series = z.string().regex(/^[A-Z0-9]{1,10}$/, "1–10 capital letters or digits");

export const invoicingSettingsSchema = z
  .object({
    timing: z
      .enum(["after_payment", "in_advance"])
      .default("after_payment")
      .describe(
        "How renewals and orders are billed (used by the billing run): after_payment — a proforma asks for the money and the invoice follows payment (cash-basis practice); in_advance — the invoice is issued at once. Staff choose per manual document.",
      ),
    numberFormat: z
      .string()
      .default(DEFAULT_NUMBER_FORMAT)
      .superRefine((f, ctx) => {
        const problem = numberFormatProblem(f);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      }),
    series: z
      .object({
        invoice: series.default("KAPU"),
        creditNote: series.default("KAPU"),
        proforma: series.default("DBK"),
      })
      .default({ invoice: "KAPU", creditNote: "KAPU", proforma: "DBK" }),
    proformaDueDays: z.number().int().min(0).max(90).default(8),
    invoiceDueDays: z.number().int().min(0).max(90).default(8),
    applyCreditAutomatically: z.boolean().default(true),
    adminFee: z
      .object({
        amount: z.string().regex(/^\d+(\.\d{1,2})?$/),
        currency: z.enum(["HUF", "EUR"]),
      })
      .default({ amount: "4000", currency: "HUF" }),
    viesUnavailable: z
      .enum(["wait", "fallback_consumer"])
      .default("wait")
      .describe(
        "When an EU buyer's VAT number cannot be checked in VIES: wait (the document is not issued until it can) or fall back to consumer VAT (recorded on the line)",
      ),
    viesMaxAgeDays: z.number().int().min(1).max(365).default(30),
    cashAccounting: z.boolean().default(false),
    monthlyStatements: z.boolean().default(true),
  })
  .meta({ id: "InvoicingSettings" });

export type InvoicingSettings = z.infer<typeof invoicingSettingsSchema>;

export async function getSeller(db: Db): Promise<Seller | null> {
  const raw = await readSetting(db, "seller");
  return raw === undefined ? null : sellerSchema.parse(raw);
}

/** The seller, or a clear 409 when the provider has not set its invoicing data yet. */
export async function requireSeller(db: Db): Promise<Party & Seller> {
  const seller = await getSeller(db);
  if (!seller)
    throw new AppError(
      "billing.seller_not_configured",
      409,
      "Set the provider's invoicing data (Billing → Invoicing settings) before issuing documents.",
    );
  return seller;
}

export async function getInvoicingSettings(db: Db): Promise<InvoicingSettings> {
  return invoicingSettingsSchema.parse((await readSetting(db, "invoicing")) ?? {});
}

export async function saveSeller(tx: Db, seller: Seller, by: string | null, now: Date) {
  await writeSetting(tx, "seller", sellerSchema.parse(seller), by, now);
}

export async function saveInvoicingSettings(
  tx: Db,
  settings: InvoicingSettings,
  by: string | null,
  now: Date,
) {
  await writeSetting(tx, "invoicing", invoicingSettingsSchema.parse(settings), by, now);
}
