import { describe, expect, it } from "vitest";
import { billingDataGaps, type BillingDataField, type BillingDataInput } from "./billing-data.ts";

const complete: BillingDataInput = {
  kind: "company",
  legalName: "Példa Kft.",
  country: "HU",
  postalCode: "1111",
  city: "Budapest",
  addressLine: "Fő utca 1.",
  taxNumber: "12345676-2-41",
};

describe("billingDataGaps", () => {
  it.each<[string, Partial<BillingDataInput>, BillingDataField[]]>([
    ["complete Hungarian company", {}, []],
    ["Hungarian company without tax number", { taxNumber: null }, ["taxNumber"]],
    ["blank tax number counts as missing", { taxNumber: "  " }, ["taxNumber"]],
    ["a person needs no tax number", { kind: "person", taxNumber: null }, []],
    ["a foreign company needs no Hungarian tax number", { country: "DE", taxNumber: null }, []],
    [
      "address parts are required",
      { postalCode: "", city: " ", addressLine: "" },
      ["postalCode", "city", "addressLine"],
    ],
    ["name is required", { legalName: "" }, ["legalName"]],
    ["country must be a code", { country: "" }, ["country"]],
  ])("%s", (_name, patch, expected) => {
    expect(billingDataGaps({ ...complete, ...patch })).toEqual(expected);
  });
});
