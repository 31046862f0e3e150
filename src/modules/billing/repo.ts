import type { Db, DocumentKind, DocumentStatus, PartySnapshot } from "../../platform/db/index.ts";

/** Next number of a series in a year. The upsert locks the counter row until commit: gapless. */
export async function nextDocumentSequence(tx: Db, series: string, year: number): Promise<number> {
  const row = await tx
    .insertInto("document_counters")
    .values({ series, year, last_number: 1 })
    .onConflict((oc) =>
      oc
        .columns(["series", "year"])
        .doUpdateSet((eb) => ({ last_number: eb("document_counters.last_number", "+", 1) })),
    )
    .returning("last_number")
    .executeTakeFirstOrThrow();
  return row.last_number;
}

export async function buyerSnapshot(
  tx: Db,
  customerId: string,
): Promise<{ snapshot: PartySnapshot; language: string } | undefined> {
  const c = await tx
    .selectFrom("customers")
    .selectAll()
    .where("id", "=", customerId)
    .executeTakeFirst();
  if (!c) return undefined;
  return {
    language: c.language,
    snapshot: {
      name: c.legal_name,
      country: c.country,
      postalCode: c.postal_code,
      city: c.city,
      addressLine: c.address_line,
      taxNumber: c.tax_number,
      euVatNumber: c.eu_vat_number,
    },
  };
}

export interface DocumentInsert {
  id: string;
  kind: DocumentKind;
  series: string;
  number: string;
  customerId: string;
  status: DocumentStatus;
  issueDate: string;
  fulfilmentDate: string | null;
  dueDate: string | null;
  currency: string;
  exchangeRate: string | null;
  net: bigint;
  vat: bigint;
  gross: bigint;
  buyer: PartySnapshot;
  seller: PartySnapshot;
  language: string;
  now: Date;
}

export async function insertDocument(tx: Db, d: DocumentInsert): Promise<void> {
  await tx
    .insertInto("documents")
    .values({
      id: d.id,
      kind: d.kind,
      series: d.series,
      number: d.number,
      customer_id: d.customerId,
      status: d.status,
      issue_date: d.issueDate,
      fulfilment_date: d.fulfilmentDate,
      due_date: d.dueDate,
      currency: d.currency,
      exchange_rate: d.exchangeRate,
      net_total: d.net,
      vat_total: d.vat,
      gross_total: d.gross,
      buyer: JSON.stringify(d.buyer),
      seller: JSON.stringify(d.seller),
      language: d.language,
      created_at: d.now,
    })
    .execute();
}

export async function insertDocumentLines(
  tx: Db,
  lines: {
    id: string;
    documentId: string;
    position: number;
    serviceId: string | null;
    description: string;
    quantity: string;
    unit: string;
    unitPrice: bigint;
    vatCategory: string;
    vatRateBp: number;
    net: bigint;
    vat: bigint;
    gross: bigint;
    periodFrom: string | null;
    periodTo: string | null;
  }[],
): Promise<void> {
  if (lines.length === 0) return;
  await tx
    .insertInto("document_lines")
    .values(
      lines.map((l) => ({
        id: l.id,
        document_id: l.documentId,
        position: l.position,
        service_id: l.serviceId,
        description: l.description,
        quantity: l.quantity,
        unit: l.unit,
        unit_price: l.unitPrice,
        vat_category: l.vatCategory,
        vat_rate_bp: l.vatRateBp,
        net_amount: l.net,
        vat_amount: l.vat,
        gross_amount: l.gross,
        period_from: l.periodFrom,
        period_to: l.periodTo,
      })),
    )
    .execute();
}

const summaryColumns = [
  "id",
  "kind",
  "number",
  "status",
  "issue_date",
  "due_date",
  "fulfilment_date",
  "currency",
  "net_total",
  "vat_total",
  "gross_total",
] as const;

export type DocumentSummaryRow = Awaited<ReturnType<typeof listDocumentsOfCustomer>>[number];

export async function listDocumentsOfCustomer(db: Db, customerId: string) {
  return db
    .selectFrom("documents")
    .select(summaryColumns)
    .where("customer_id", "=", customerId)
    .orderBy("issue_date", "desc")
    .orderBy("id", "desc")
    .execute();
}

export async function findDocumentOfCustomer(db: Db, customerId: string, id: string) {
  return db
    .selectFrom("documents")
    .select(summaryColumns)
    .where("customer_id", "=", customerId)
    .where("id", "=", id)
    .executeTakeFirst();
}

export async function listDocumentLines(db: Db, documentId: string) {
  return db
    .selectFrom("document_lines")
    .selectAll()
    .where("document_id", "=", documentId)
    .orderBy("position")
    .execute();
}
