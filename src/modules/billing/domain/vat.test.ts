import { describe, expect, it } from "vitest";
import type { VatCategory } from "./document.ts";
import {
  decideVat,
  EU_COUNTRIES,
  exemptionFor,
  isEu,
  pickRate,
  planNewRate,
  vatAreaCountry,
  VatRateMissingError,
  VatRuleError,
  type BuyerVatStatus,
  type SupplyKind,
  type VatDecision,
  type VatRateRow,
} from "./vat.ts";

/** The rows seeded by 0002_invoicing.sql that the tests use (with their ids). */
const RATES: (VatRateRow & { id: string })[] = [
  { id: "vat_seed_de", country: "DE", rateBp: 1900, validFrom: "2024-01-01", validTo: null },
  {
    id: "vat_seed_ee1",
    country: "EE",
    rateBp: 2200,
    validFrom: "2024-01-01",
    validTo: "2025-06-30",
  },
  { id: "vat_seed_ee2", country: "EE", rateBp: 2400, validFrom: "2025-07-01", validTo: null },
  {
    id: "vat_seed_fi1",
    country: "FI",
    rateBp: 2400,
    validFrom: "2024-01-01",
    validTo: "2024-08-31",
  },
  { id: "vat_seed_fi2", country: "FI", rateBp: 2550, validFrom: "2024-09-01", validTo: null },
  { id: "vat_seed_fr", country: "FR", rateBp: 2000, validFrom: "2024-01-01", validTo: null },
  { id: "vat_seed_gr", country: "GR", rateBp: 2400, validFrom: "2024-01-01", validTo: null },
  { id: "vat_seed_hu", country: "HU", rateBp: 2700, validFrom: "2024-01-01", validTo: null },
  {
    id: "vat_seed_ro1",
    country: "RO",
    rateBp: 1900,
    validFrom: "2024-01-01",
    validTo: "2025-07-31",
  },
  { id: "vat_seed_ro2", country: "RO", rateBp: 2100, validFrom: "2025-08-01", validTo: null },
  { id: "vat_seed_si", country: "SI", rateBp: 2200, validFrom: "2024-01-01", validTo: null },
  {
    id: "vat_seed_sk1",
    country: "SK",
    rateBp: 2000,
    validFrom: "2024-01-01",
    validTo: "2024-12-31",
  },
  { id: "vat_seed_sk2", country: "SK", rateBp: 2300, validFrom: "2025-01-01", validTo: null },
];

const on = (date: string) => (country: string) => pickRate(RATES, country, date);

describe("EU_COUNTRIES / isEu / vatAreaCountry", () => {
  it("lists the 27 member states by ISO code", () => {
    expect(EU_COUNTRIES).toHaveLength(27);
    expect(new Set(EU_COUNTRIES).size).toBe(27);
    expect(EU_COUNTRIES).toContain("GR");
    expect(EU_COUNTRIES).not.toContain("EL");
    expect(EU_COUNTRIES).not.toContain("GB");
  });

  it.each([
    ["HU", true],
    ["hu", true],
    [" FI ", true],
    ["GR", true],
    ["EL", true],
    ["SI", true],
    ["GB", false],
    ["XI", false],
    ["CH", false],
    ["NO", false],
    ["US", false],
    ["AX", false], // Åland: outside the EU VAT area
    ["MC", false], // Monaco: not a member state (but in the French VAT area)
    ["", false],
  ])("isEu(%j) = %s", (country, expected) => {
    expect(isEu(country)).toBe(expected);
  });

  it.each([
    ["EL", "GR"],
    ["gr", "GR"],
    ["MC", "FR"],
    ["hu", "HU"],
    ["US", "US"],
  ])("vatAreaCountry(%s) = %s", (country, expected) => {
    expect(vatAreaCountry(country)).toBe(expected);
  });
});

describe("decideVat", () => {
  type Row = [
    name: string,
    seller: string,
    buyerCountry: string,
    buyer: BuyerVatStatus,
    supply: SupplyKind,
    date: string,
    expected: VatDecision,
    viesFallback?: boolean,
  ];
  const S = (rateBp: number, country: string, reason: VatDecision["reason"]): VatDecision => ({
    category: "S",
    rateBp,
    country,
    reason,
  });
  const AE = (country: string): VatDecision => ({
    category: "AE",
    rateBp: 0,
    country,
    reason: "eu_b2b_reverse_charge",
  });
  const O = (country: string): VatDecision => ({
    category: "O",
    rateBp: 0,
    country,
    reason: "non_eu_out_of_scope",
  });

  const table: Row[] = [
    // same country: always the seller's rate, whoever buys what
    [
      "HU consumer, hosting",
      "HU",
      "HU",
      "consumer",
      "electronic",
      "2026-11-20",
      S(2700, "HU", "domestic"),
    ],
    [
      "HU validated business, support",
      "HU",
      "HU",
      "business_validated",
      "general",
      "2026-11-20",
      S(2700, "HU", "domestic"),
    ],
    [
      "HU unvalidated business",
      "HU",
      "HU",
      "business_unvalidated",
      "electronic",
      "2026-11-20",
      S(2700, "HU", "domestic"),
    ],
    [
      "HU consumer, fallback flag ignored",
      "HU",
      "HU",
      "consumer",
      "electronic",
      "2026-11-20",
      S(2700, "HU", "domestic"),
      true,
    ],
    [
      "FI seller at home before 2024-09-01",
      "FI",
      "FI",
      "consumer",
      "electronic",
      "2024-08-31",
      S(2400, "FI", "domestic"),
    ],
    [
      "FI seller at home from 2024-09-01",
      "FI",
      "FI",
      "business_validated",
      "general",
      "2024-09-01",
      S(2550, "FI", "domestic"),
    ],
    [
      "SI seller at home",
      "SI",
      "SI",
      "consumer",
      "general",
      "2026-01-15",
      S(2200, "SI", "domestic"),
    ],
    // EU business with a validated VAT number: reverse charge, whatever the service
    [
      "FI validated business, hosting",
      "HU",
      "FI",
      "business_validated",
      "electronic",
      "2026-11-20",
      AE("FI"),
    ],
    [
      "DE validated business, support",
      "HU",
      "DE",
      "business_validated",
      "general",
      "2026-11-20",
      AE("DE"),
    ],
    [
      "HU business bought from FI",
      "FI",
      "HU",
      "business_validated",
      "electronic",
      "2026-11-20",
      AE("HU"),
    ],
    [
      "validated business, fallback flag ignored",
      "HU",
      "SI",
      "business_validated",
      "electronic",
      "2026-11-20",
      AE("SI"),
      true,
    ],
    [
      "Greek business given as EL",
      "HU",
      "EL",
      "business_validated",
      "electronic",
      "2026-11-20",
      AE("GR"),
    ],
    // EU consumer (or business without a validated number), electronic service: OSS
    [
      "DE consumer, hosting",
      "HU",
      "DE",
      "consumer",
      "electronic",
      "2026-11-20",
      S(1900, "DE", "eu_b2c_oss"),
    ],
    [
      "SI consumer, domain",
      "HU",
      "SI",
      "consumer",
      "electronic",
      "2026-11-20",
      S(2200, "SI", "eu_b2c_oss"),
    ],
    [
      "GR consumer",
      "HU",
      "GR",
      "consumer",
      "electronic",
      "2026-11-20",
      S(2400, "GR", "eu_b2c_oss"),
    ],
    [
      "EE consumer before 2025-07-01",
      "HU",
      "EE",
      "consumer",
      "electronic",
      "2025-06-30",
      S(2200, "EE", "eu_b2c_oss"),
    ],
    [
      "EE consumer from 2025-07-01",
      "HU",
      "EE",
      "consumer",
      "electronic",
      "2025-07-01",
      S(2400, "EE", "eu_b2c_oss"),
    ],
    [
      "SK consumer 2024-12-31",
      "HU",
      "SK",
      "consumer",
      "electronic",
      "2024-12-31",
      S(2000, "SK", "eu_b2c_oss"),
    ],
    [
      "SK consumer 2025-01-01",
      "HU",
      "SK",
      "consumer",
      "electronic",
      "2025-01-01",
      S(2300, "SK", "eu_b2c_oss"),
    ],
    [
      "RO consumer 2025-07-31",
      "HU",
      "RO",
      "consumer",
      "electronic",
      "2025-07-31",
      S(1900, "RO", "eu_b2c_oss"),
    ],
    [
      "RO consumer 2025-08-01",
      "HU",
      "RO",
      "consumer",
      "electronic",
      "2025-08-01",
      S(2100, "RO", "eu_b2c_oss"),
    ],
    [
      "FI consumer from a HU seller",
      "HU",
      "FI",
      "consumer",
      "electronic",
      "2024-09-01",
      S(2550, "FI", "eu_b2c_oss"),
    ],
    [
      "HU consumer from an FI seller",
      "FI",
      "HU",
      "consumer",
      "electronic",
      "2026-11-20",
      S(2700, "HU", "eu_b2c_oss"),
    ],
    [
      "DE unvalidated business, hosting",
      "HU",
      "DE",
      "business_unvalidated",
      "electronic",
      "2026-11-20",
      S(1900, "DE", "eu_b2c_oss"),
    ],
    [
      "DE business, VIES down, fallback",
      "HU",
      "DE",
      "business_unvalidated",
      "electronic",
      "2026-11-20",
      S(1900, "DE", "eu_b2c_vies_fallback"),
      true,
    ],
    [
      "Monaco consumer: French VAT area",
      "HU",
      "MC",
      "consumer",
      "electronic",
      "2026-11-20",
      S(2000, "FR", "eu_b2c_oss"),
    ],
    // EU consumer, general service: the seller's country
    [
      "DE consumer, support contract",
      "HU",
      "DE",
      "consumer",
      "general",
      "2026-11-20",
      S(2700, "HU", "seller_country_b2c"),
    ],
    [
      "DE unvalidated business, support",
      "HU",
      "DE",
      "business_unvalidated",
      "general",
      "2026-11-20",
      S(2700, "HU", "seller_country_b2c"),
    ],
    [
      "DE consumer from FI, support",
      "FI",
      "DE",
      "consumer",
      "general",
      "2024-08-31",
      S(2400, "FI", "seller_country_b2c"),
    ],
    // outside the EU
    [
      "US validated business",
      "HU",
      "US",
      "business_validated",
      "electronic",
      "2026-11-20",
      O("US"),
    ],
    ["US business, support", "HU", "US", "business_unvalidated", "general", "2026-11-20", O("US")],
    [
      "CH business, hosting",
      "HU",
      "CH",
      "business_unvalidated",
      "electronic",
      "2026-11-20",
      O("CH"),
    ],
    ["CH consumer, hosting", "HU", "CH", "consumer", "electronic", "2026-11-20", O("CH")],
    ["GB consumer, hosting", "HU", "GB", "consumer", "electronic", "2026-11-20", O("GB")],
    [
      "XI (Northern Ireland) consumer, hosting",
      "HU",
      "XI",
      "consumer",
      "electronic",
      "2026-11-20",
      O("XI"),
    ],
    ["Åland consumer, hosting", "FI", "AX", "consumer", "electronic", "2026-11-20", O("AX")],
    [
      "US consumer, support contract",
      "HU",
      "US",
      "consumer",
      "general",
      "2026-11-20",
      S(2700, "HU", "seller_country_b2c"),
    ],
    [
      "NO consumer from FI, support",
      "FI",
      "NO",
      "consumer",
      "general",
      "2024-09-01",
      S(2550, "FI", "seller_country_b2c"),
    ],
  ];

  it.each(table)(
    "%s",
    (_name, seller, buyerCountry, buyer, supply, date, expected, viesFallback) => {
      expect(
        decideVat({
          sellerCountry: seller,
          buyerCountry,
          buyer,
          supply,
          rateOn: on(date),
          ...(viesFallback === undefined ? {} : { viesFallback }),
        }),
      ).toEqual(expected);
    },
  );

  it("accepts lower-case country codes", () => {
    expect(
      decideVat({
        sellerCountry: "hu",
        buyerCountry: "de",
        buyer: "consumer",
        supply: "electronic",
        rateOn: on("2026-11-20"),
      }),
    ).toEqual(S(1900, "DE", "eu_b2c_oss"));
  });

  it("asks for rates only when it charges VAT, and for the right country", () => {
    const asked: string[] = [];
    const rateOn = (country: string) => {
      asked.push(country);
      return 2700;
    };
    decideVat({
      sellerCountry: "HU",
      buyerCountry: "FI",
      buyer: "business_validated",
      supply: "electronic",
      rateOn,
    });
    decideVat({
      sellerCountry: "HU",
      buyerCountry: "US",
      buyer: "consumer",
      supply: "electronic",
      rateOn,
    });
    expect(asked).toEqual([]);
    decideVat({
      sellerCountry: "HU",
      buyerCountry: "EL",
      buyer: "consumer",
      supply: "electronic",
      rateOn,
    });
    decideVat({
      sellerCountry: "HU",
      buyerCountry: "DE",
      buyer: "consumer",
      supply: "general",
      rateOn,
    });
    expect(asked).toEqual(["GR", "HU"]);
  });

  it("throws VatRateMissingError with the country when no rate is in force", () => {
    const call = () =>
      decideVat({
        sellerCountry: "HU",
        buyerCountry: "DE",
        buyer: "consumer",
        supply: "electronic",
        rateOn: on("2023-12-31"),
      });
    expect(call).toThrow(VatRateMissingError);
    try {
      call();
    } catch (error) {
      expect(error).toMatchObject({ country: "DE", code: "vat_rate_missing" });
    }
    // a country missing from the table, B2C OSS
    expect(() =>
      decideVat({
        sellerCountry: "HU",
        buyerCountry: "LU",
        buyer: "consumer",
        supply: "electronic",
        rateOn: on("2026-01-01"),
      }),
    ).toThrow(expect.objectContaining({ name: "VatRateMissingError", country: "LU" }));
    // the seller's own rate missing
    expect(() =>
      decideVat({
        sellerCountry: "HU",
        buyerCountry: "HU",
        buyer: "consumer",
        supply: "general",
        rateOn: () => null,
      }),
    ).toThrow(expect.objectContaining({ country: "HU" }));
  });

  it.each([
    [{ sellerCountry: "US", buyerCountry: "HU" }, "seller_not_eu", 2700],
    [{ sellerCountry: "GB", buyerCountry: "GB" }, "seller_not_eu", 2000],
    [{ sellerCountry: "Hungary", buyerCountry: "HU" }, "invalid_country", 2700],
    [{ sellerCountry: "HU", buyerCountry: "" }, "invalid_country", 2700],
    [{ sellerCountry: "HU", buyerCountry: "HU" }, "invalid_rate", 27.5],
    [{ sellerCountry: "HU", buyerCountry: "HU" }, "invalid_rate", -1],
    [{ sellerCountry: "HU", buyerCountry: "DE" }, "invalid_rate", 10_001],
  ])("rejects %j with %s", (countries, code, rate) => {
    expect(() =>
      decideVat({ ...countries, buyer: "consumer", supply: "electronic", rateOn: () => rate }),
    ).toThrow(expect.objectContaining({ name: "VatRuleError", code }));
    expect(() =>
      decideVat({ ...countries, buyer: "consumer", supply: "electronic", rateOn: () => rate }),
    ).toThrow(VatRuleError);
  });
});

describe("exemptionFor", () => {
  it.each<[VatCategory, "hu" | "en", { code: string; text: string } | null]>([
    ["AE", "hu", { code: "VATEX-EU-AE", text: "Fordított adózás" }],
    ["AE", "en", { code: "VATEX-EU-AE", text: "Reverse charge" }],
    ["O", "hu", { code: "VATEX-EU-O", text: "Az Áfa tv. hatályán kívüli ügylet" }],
    [
      "O",
      "en",
      { code: "VATEX-EU-O", text: "Not subject to EU VAT (place of supply outside the EU)" },
    ],
    ["K", "hu", { code: "VATEX-EU-IC", text: "Közösségen belüli adómentes termékértékesítés" }],
    ["K", "en", { code: "VATEX-EU-IC", text: "Intra-Community supply" }],
    ["G", "hu", { code: "VATEX-EU-G", text: "Adómentes termékexport" }],
    ["G", "en", { code: "VATEX-EU-G", text: "Export outside the EU" }],
    ["S", "hu", null],
    ["S", "en", null],
    ["E", "hu", null],
    ["Z", "en", null],
  ])("%s in %s", (category, language, expected) => {
    expect(exemptionFor(category, language)).toEqual(expected);
  });

  it("the Hungarian reverse-charge text contains the words the Áfa tv. 169. § n) requires", () => {
    expect(exemptionFor("AE", "hu")?.text.toLowerCase()).toContain("fordított adózás");
  });
});

describe("pickRate", () => {
  it.each([
    ["HU", "2024-01-01", 2700],
    ["HU", "2099-12-31", 2700],
    ["HU", "2023-12-31", null], // before the seeded history
    ["FI", "2024-08-31", 2400], // validTo is inclusive
    ["FI", "2024-09-01", 2550], // validFrom is inclusive
    ["EE", "2025-06-30", 2200],
    ["EE", "2025-07-01", 2400],
    ["fi", "2024-09-01", 2550],
    ["GR", "2026-01-01", 2400],
    ["EL", "2026-01-01", 2400],
    ["LU", "2026-01-01", null], // not in this table
    ["US", "2026-01-01", null],
  ])("%s on %s → %s", (country, date, expected) => {
    expect(pickRate(RATES, country, date)).toBe(expected);
  });

  it("prefers the later start if rows overlap", () => {
    const rows: VatRateRow[] = [
      { country: "HU", rateBp: 2700, validFrom: "2024-01-01", validTo: null },
      { country: "HU", rateBp: 2500, validFrom: "2026-01-01", validTo: null },
    ];
    expect(pickRate(rows, "HU", "2025-12-31")).toBe(2700);
    expect(pickRate(rows, "HU", "2026-01-01")).toBe(2500);
  });

  it.each(["2026-02-30", "2026-1-1", "20260101", ""])("rejects the date %j", (date) => {
    expect(() => pickRate(RATES, "HU", date)).toThrow(RangeError);
  });
});

describe("planNewRate", () => {
  const fi = RATES.filter((r) => r.country === "FI");
  const fi2 = fi[1]!;

  it("closes the open period the day before and inserts the new rate", () => {
    expect(planNewRate(RATES, { country: "FI", rateBp: 2600, validFrom: "2026-01-01" })).toEqual({
      ok: true,
      close: { row: fi2, validTo: "2025-12-31" },
      insert: { country: "FI", rateBp: 2600, validFrom: "2026-01-01", validTo: null },
    });
  });

  it("returns the existing row itself (with its id) to close", () => {
    const plan = planNewRate(RATES, { country: "FI", rateBp: 2600, validFrom: "2026-01-01" });
    expect(plan.ok && plan.close?.row.id).toBe("vat_seed_fi2");
  });

  it.each<[string, string, number, string, string | null, string | null]>([
    // name, country, rate, validFrom → close.validTo or error code
    ["the day after the current start", "FI", 2600, "2024-09-02", "2024-09-01", null],
    ["across a month end", "HU", 2500, "2025-03-01", "2025-02-28", null],
    ["across a leap day", "HU", 2500, "2028-03-01", "2028-02-29", null],
    ["across a year end", "SK", 2500, "2027-01-01", "2026-12-31", null],
    ["lower-case country", "sk", 2500, "2027-01-01", "2026-12-31", null],
    ["Greece as EL", "EL", 2500, "2027-01-01", "2026-12-31", null],
    ["a zero rate", "HU", 0, "2027-01-01", "2026-12-31", null],
    ["on the current start", "FI", 2600, "2024-09-01", null, "not_after_current"],
    [
      "on the first day of a closed period",
      "FI",
      2600,
      "2024-01-01",
      null,
      "overlaps_closed_period",
    ],
    ["inside a closed period", "FI", 2600, "2024-05-01", null, "overlaps_closed_period"],
    [
      "on the last day of a closed period",
      "FI",
      2600,
      "2024-08-31",
      null,
      "overlaps_closed_period",
    ],
    ["before the only period", "HU", 2500, "2023-06-01", null, "not_after_current"],
    ["a rate in percent by mistake", "HU", 27.5, "2027-01-01", null, "invalid_rate"],
    ["a negative rate", "HU", -100, "2027-01-01", null, "invalid_rate"],
    ["more than 100 %", "HU", 10_001, "2027-01-01", null, "invalid_rate"],
    ["an impossible date", "HU", 2500, "2027-02-29", null, "invalid_date"],
    ["a date in another format", "HU", 2500, "01.01.2027", null, "invalid_date"],
    ["a country that is no code", "Hungary", 2500, "2027-01-01", null, "invalid_country"],
  ])("%s", (_name, country, rateBp, validFrom, closeTo, code) => {
    const plan = planNewRate(RATES, { country, rateBp, validFrom });
    if (code !== null) {
      expect(plan).toEqual({ ok: false, code });
    } else {
      expect(plan).toMatchObject({
        ok: true,
        close: { validTo: closeTo },
        insert: { country: vatAreaCountry(country), rateBp, validFrom, validTo: null },
      });
    }
  });

  it("inserts the first rate of a country without closing anything", () => {
    expect(planNewRate(RATES, { country: "LU", rateBp: 1700, validFrom: "2024-01-01" })).toEqual({
      ok: true,
      close: null,
      insert: { country: "LU", rateBp: 1700, validFrom: "2024-01-01", validTo: null },
    });
    expect(planNewRate([], { country: "HU", rateBp: 2700, validFrom: "2024-01-01" })).toMatchObject(
      {
        ok: true,
        close: null,
      },
    );
  });

  describe("when the last period is closed (no open-ended row)", () => {
    const closed: VatRateRow[] = [
      { country: "HU", rateBp: 2700, validFrom: "2024-01-01", validTo: "2026-12-31" },
    ];
    it.each<[string, RatePlanResult]>([
      ["2027-01-01", { ok: true, close: null }],
      ["2027-01-02", { ok: false, code: "leaves_gap" }],
      ["2026-12-31", { ok: false, code: "overlaps_closed_period" }],
      ["2026-06-01", { ok: false, code: "overlaps_closed_period" }],
    ])("from %s", (validFrom, expected) => {
      expect(planNewRate(closed, { country: "HU", rateBp: 2500, validFrom })).toMatchObject(
        expected,
      );
    });
  });

  it.each<[string, string, RatePlanResult]>([
    ["2026-11-19", "2026-11-20", { ok: false, code: "in_past" }],
    ["2026-11-20", "2026-11-20", { ok: true }],
    ["2027-01-01", "2026-11-20", { ok: true }],
  ])("from %s with today %s", (validFrom, today, expected) => {
    expect(planNewRate(RATES, { country: "HU", rateBp: 2500, validFrom }, { today })).toMatchObject(
      expected,
    );
  });
});

type RatePlanResult = { ok: true; close?: null } | { ok: false; code: string };
