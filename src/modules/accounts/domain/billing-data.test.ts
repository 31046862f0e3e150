import { describe, expect, it } from "vitest";
import {
  VAT_NUMBER_FORMATS,
  billingDataChanges,
  validateBillingData,
  type BillingDataErrorCode,
  type BillingDataInput,
} from "./billing-data.ts";

const valid: BillingDataInput = {
  legalName: "Példa Kft.",
  country: "HU",
  postalCode: "1111",
  city: "Budapest",
  addressLine: "Fő utca 1.",
  taxNumber: "12345676-2-41",
  euVatNumber: "HU12345676",
  eInvoice: null,
  language: "hu",
};

describe("validateBillingData", () => {
  it("trims and normalises what it stores", () => {
    const r = validateBillingData(
      {
        ...valid,
        legalName: "  Példa   Kft. ",
        country: " hu",
        taxNumber: "12345676241",
        euVatNumber: "hu 1234 5676",
        eInvoice: { type: "peppol", participantId: "9910:HU12345676" },
        language: "en",
      },
      "company",
    );
    expect(r).toEqual({
      ok: true,
      value: {
        legalName: "Példa Kft.",
        country: "HU",
        postalCode: "1111",
        city: "Budapest",
        addressLine: "Fő utca 1.",
        taxNumber: "12345676-2-41",
        euVatNumber: "HU12345676",
        eInvoice: { scheme: "9910", id: "HU12345676", operator: null },
        language: "en",
      },
    });
  });

  it("takes blank identifiers as none", () => {
    const r = validateBillingData({ ...valid, taxNumber: " ", euVatNumber: "" }, "person");
    expect(r.ok && r.value).toMatchObject({ taxNumber: null, euVatNumber: null });
  });

  it("takes a VAT number without its prefix as the customer's country's", () => {
    const r = validateBillingData(
      { ...valid, country: "DE", postalCode: "10115", taxNumber: null, euVatNumber: "136695976" },
      "company",
    );
    expect(r.ok && r.value.euVatNumber).toBe("DE136695976");
  });

  it.each<
    [string, Partial<BillingDataInput>, "company" | "person", [string, BillingDataErrorCode][]]
  >([
    ["a complete Hungarian company", {}, "company", []],
    [
      "a Finnish company with an OVT address",
      {
        country: "FI",
        postalCode: "00014",
        city: "Helsinki",
        taxNumber: null,
        euVatNumber: "FI03134717",
        eInvoice: { type: "ovt", address: "003703134717", operator: "E204503" },
      },
      "company",
      [],
    ],
    ["a person without identifiers", { taxNumber: null, euVatNumber: null }, "person", []],
    [
      "blank required fields",
      { legalName: " ", postalCode: "", city: "", addressLine: "" },
      "company",
      [
        ["legalName", "required"],
        ["postalCode", "required"],
        ["city", "required"],
        ["addressLine", "required"],
      ],
    ],
    [
      "a Hungarian company without a tax number",
      { taxNumber: null, euVatNumber: null },
      "company",
      [["taxNumber", "required"]],
    ],
    [
      "a country name instead of a code",
      { country: "Hungary" },
      "company",
      [["country", "required"]],
    ],
    [
      "an unassigned country code",
      { country: "XX", taxNumber: null, euVatNumber: null },
      "person",
      [["country", "country_unknown"]],
    ],
    [
      "a 5-digit Hungarian postal code",
      { postalCode: "11111" },
      "company",
      [["postalCode", "postal_code_format"]],
    ],
    [
      "a foreign postal code with symbols",
      { country: "DE", postalCode: "10#15", taxNumber: null, euVatNumber: null },
      "company",
      [["postalCode", "postal_code_format"]],
    ],
    [
      "a British postal code",
      { country: "GB", postalCode: "sw1a 1aa", taxNumber: null, euVatNumber: null },
      "company",
      [],
    ],
    [
      "a tax number of the wrong form",
      { taxNumber: "1234567-2-41" },
      "company",
      [["taxNumber", "tax_number_format"]],
    ],
    [
      "a tax number with a wrong check digit",
      { taxNumber: "12345677-2-41", euVatNumber: null },
      "company",
      [["taxNumber", "tax_number_checksum"]],
    ],
    [
      "a tax number with VAT code 6",
      { taxNumber: "12345676-6-41" },
      "company",
      [["taxNumber", "tax_number_vat_code"]],
    ],
    [
      "a tax number with county 21",
      { taxNumber: "12345676-2-21" },
      "company",
      [["taxNumber", "tax_number_county"]],
    ],
    [
      "a VAT number with a wrong check digit",
      { euVatNumber: "HU12345677" },
      "company",
      [["euVatNumber", "vat_number_checksum"]],
    ],
    [
      "a German VAT number of 8 digits",
      { euVatNumber: "DE12345678" },
      "company",
      [["euVatNumber", "vat_number_format"]],
    ],
    [
      "an Austrian VAT number without its U",
      { euVatNumber: "AT13585627" },
      "company",
      [["euVatNumber", "vat_number_format"]],
    ],
    [
      "a British VAT number",
      { euVatNumber: "GB980780684" },
      "company",
      [["euVatNumber", "vat_number_country"]],
    ],
    [
      "a non-EU customer's number without prefix",
      { country: "US", postalCode: "10001", taxNumber: null, euVatNumber: "123456789" },
      "company",
      [["euVatNumber", "vat_number_country"]],
    ],
    [
      "a HU VAT number that is not the tax number's",
      { euVatNumber: "HU10672101" },
      "company",
      [["euVatNumber", "vat_number_mismatch"]],
    ],
    [
      "an OVT address with a wrong check digit",
      { eInvoice: { type: "ovt", address: "003703134718", operator: "E204503" } },
      "company",
      [["eInvoice.address", "ovt_checksum"]],
    ],
    [
      "an OVT address with an unknown operator form",
      { eInvoice: { type: "ovt", address: "003703134717", operator: "Maventa" } },
      "company",
      [["eInvoice.operator", "operator_format"]],
    ],
    [
      "a Peppol id with an unknown scheme",
      { eInvoice: { type: "peppol", participantId: "1234:x" } },
      "company",
      [["eInvoice.participantId", "peppol_scheme"]],
    ],
    [
      "a GLN with a wrong check digit",
      { eInvoice: { type: "peppol", participantId: "0088:4006381333932" } },
      "company",
      [["eInvoice.participantId", "peppol_checksum"]],
    ],
    [
      "several problems at once",
      {
        city: "",
        taxNumber: "12345677-2-41",
        euVatNumber: "HU1",
        eInvoice: { type: "peppol", participantId: "x" },
      },
      "company",
      [
        ["city", "required"],
        ["taxNumber", "tax_number_checksum"],
        ["euVatNumber", "vat_number_format"],
        ["eInvoice.participantId", "peppol_format"],
      ],
    ],
  ])("%s", (_name, patch, kind, expected) => {
    const r = validateBillingData({ ...valid, ...patch }, kind);
    if (expected.length === 0) {
      expect(r).toMatchObject({ ok: true });
      return;
    }
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.field, e.code])).toEqual(expected);
    for (const e of r.errors) expect(e.message).toMatch(/^[A-Z0-9].{10,}\.$/s);
  });

  it("names the member state's format when a VAT number does not fit it", () => {
    const r = validateBillingData({ ...valid, euVatNumber: "DE12345678" }, "company");
    expect(!r.ok && r.errors[0]!.message).toBe(
      "This is not a valid DE VAT number: it is DE + 9 digits.",
    );
    const nl = validateBillingData({ ...valid, euVatNumber: "NL12345678901" }, "company");
    expect(!nl.ok && nl.errors[0]!.message).toContain("NL + 9 digits + B + 2 digits");
  });

  it("has a format for every member state's prefix", () => {
    expect(Object.keys(VAT_NUMBER_FORMATS).sort()).toEqual(
      "AT BE BG CY CZ DE DK EE EL ES FI FR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split(" "),
    );
  });
});

describe("billingDataChanges", () => {
  it("lists exactly the changed fields, old → new", () => {
    const before = validateBillingData(valid, "company");
    const after = validateBillingData(
      {
        ...valid,
        city: "Debrecen",
        postalCode: "4024",
        eInvoice: { type: "peppol", participantId: "0088:4006381333931" },
      },
      "company",
    );
    if (!before.ok || !after.ok) throw new Error("fixtures must be valid");
    expect(billingDataChanges(before.value, after.value)).toEqual({
      postalCode: { from: "1111", to: "4024" },
      city: { from: "Budapest", to: "Debrecen" },
      eInvoice: { from: null, to: { scheme: "0088", id: "4006381333931", operator: null } },
    });
    expect(billingDataChanges(after.value, after.value)).toEqual({});
  });
});
