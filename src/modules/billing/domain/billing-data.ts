/**
 * The billing-data check before paying (A7): an invoice issued on payment must carry the
 * buyer's name and address (Áfa tv. 169. §), and a Hungarian company's tax number. What is
 * missing is named so the portal can send the customer to fill it in first.
 */
export type BillingDataField =
  "legalName" | "country" | "postalCode" | "city" | "addressLine" | "taxNumber";

export interface BillingDataInput {
  kind: "company" | "person";
  legalName: string;
  country: string;
  postalCode: string;
  city: string;
  addressLine: string;
  taxNumber: string | null;
}

export function billingDataGaps(c: BillingDataInput): BillingDataField[] {
  const gaps: BillingDataField[] = [];
  const blank = (v: string | null) => v === null || v.trim() === "";
  if (blank(c.legalName)) gaps.push("legalName");
  if (!/^[A-Z]{2}$/.test(c.country)) gaps.push("country");
  if (blank(c.postalCode)) gaps.push("postalCode");
  if (blank(c.city)) gaps.push("city");
  if (blank(c.addressLine)) gaps.push("addressLine");
  if (c.kind === "company" && c.country === "HU" && blank(c.taxNumber)) gaps.push("taxNumber");
  return gaps;
}
