import fs from "node:fs";
import { describe, expect, it } from "vitest";
import {
  EAS_CODES,
  checkEInvoiceAddress,
  checkOperatorId,
  checkPeppolParticipantId,
  eInvoiceInputOf,
  gs1Valid,
} from "./einvoice-address.ts";

/**
 * Test vectors are real addresses published by their owners (e-invoicing pages of the
 * University of Helsinki, Orbis Systems, North Karelia's wellbeing county, Maventa's and Apix's
 * operator pages) and identifiers from independent references (Wikipedia's EAN-13 examples,
 * Brønnøysundregistrene's own organisation number, python-stdnum's examples).
 */
describe("checkOperatorId", () => {
  it.each([
    ["003721291126", "003721291126"], // Maventa
    ["003723327487", "003723327487"], // Apix Messaging
    ["003708599126", "003708599126"], // OpenText
    ["0037 2129 1126", "003721291126"],
    ["DABAFIHH", "DABAFIHH"], // Danske Bank (bank network)
    ["ndeafihh", "NDEAFIHH"], // Nordea
    ["BAWCFI22", "BAWCFI22"], // Basware
    ["OKOYFIHH", "OKOYFIHH"], // OP
    ["DABAFIHHXXX", "DABAFIHHXXX"], // an 11-character BIC
    ["E204503", "E204503"], // OpusCapita
  ])("accepts %s", (input, operator) => {
    expect(checkOperatorId(input)).toEqual({ ok: true, operator });
  });

  it.each([
    ["003721291127", "operator_checksum"],
    ["0037212911", "operator_format"],
    ["DABA", "operator_format"],
    ["DABAFIH", "operator_format"],
    ["1234FIHH", "operator_format"],
    ["E20450", "operator_format"],
    ["", "operator_format"],
  ])("rejects %s as %s", (input, code) => {
    const r = checkOperatorId(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ field: "operator", code });
  });
});

describe("gs1Valid", () => {
  it.each([
    ["4006381333931", true], // Wikipedia's EAN-13 example
    ["5901234123457", true],
    ["4006381333932", false],
    ["5901234123456", false],
  ])("%s → %s", (input, valid) => {
    expect(gs1Valid(input)).toBe(valid);
  });
});

describe("checkPeppolParticipantId", () => {
  it.each([
    ["0088:4006381333931", "0088", "4006381333931"],
    ["iso6523-actorid-upis::0088:5901234123457", "0088", "5901234123457"],
    [" 0037:003703134717 ", "0037", "003703134717"],
    ["0216:003723929461", "0216", "003723929461"],
    ["0192:974760673", "0192", "974760673"], // Brønnøysundregistrene
    ["0007:5560360793", "0007", "5560360793"],
    ["0212:0313471-7", "0212", "0313471-7"],
    ["0208:0403019261", "0208", "0403019261"],
    ["9930:DE136695976", "9930", "DE136695976"],
    ["9930:136695976", "9930", "136695976"],
    ["9910:HU12345676", "9910", "HU12345676"],
    ["0213:FI20774740", "0213", "FI20774740"],
    ["9944:NL004495445B01", "9944", "NL004495445B01"],
    ["9933:EL094501040", "9933", "EL094501040"],
    ["0060:123456789", "0060", "123456789"],
    ["0195:SGUEN201234567A", "0195", "SGUEN201234567A"], // no published check: format only
  ])("accepts %s", (input, scheme, id) => {
    expect(checkPeppolParticipantId(input)).toEqual({ ok: true, scheme, id });
  });

  it.each([
    ["5790000435951", "peppol_format"],
    ["0088-5790000435951", "peppol_format"],
    ["88:5790000435951", "peppol_format"],
    ["0088:", "peppol_format"],
    ["1234:abc", "peppol_scheme"],
    ["0001:abc", "peppol_scheme"],
    ["0088:has space", "peppol_identifier"],
    [`0195:${"A".repeat(51)}`, "peppol_identifier"],
    ["0088:400638133393", "peppol_identifier"], // 12 digits
    ["0088:4006381333932", "peppol_checksum"],
    ["0037:003703134718", "peppol_checksum"],
    ["0037:12345678", "peppol_identifier"],
    ["0192:974760674", "peppol_checksum"],
    ["0007:5560360794", "peppol_checksum"],
    ["9930:DE136695977", "peppol_checksum"],
    ["9930:HU12345676", "peppol_identifier"], // a Hungarian number under the German scheme
    ["0212:0313471-8", "peppol_checksum"],
  ])("rejects %s as %s", (input, code) => {
    const r = checkPeppolParticipantId(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toMatchObject({ field: "participantId", code });
      expect(r.error.message.length).toBeGreaterThan(10);
    }
  });

  it("knows exactly the numeric EAS codes of EN 16931's code list (BR-CL-25)", () => {
    const sch = fs.readFileSync(
      new URL(
        "../../../../../shared/standards/cen-en16931-ubl/schematron/codelist/EN16931-UBL-codes.sch",
        import.meta.url,
      ),
      "utf8",
    );
    const rule = /<assert[^>]*?test="([^"]*)"[^>]*?id="BR-CL-25"/s.exec(sch);
    expect(rule).not.toBeNull();
    const listed = (rule![1]!.match(/ (\d{4})(?= )/g) ?? []).map((c) => c.trim());
    expect([...EAS_CODES].sort()).toEqual([...new Set(listed)].sort());
  });
});

describe("checkEInvoiceAddress", () => {
  it("stores an OVT address under scheme 0037 with its operator, normalised", () => {
    expect(
      checkEInvoiceAddress({ type: "ovt", address: "0037 0313 4717", operator: "e204503" }),
    ).toEqual({ ok: true, address: { scheme: "0037", id: "003703134717", operator: "E204503" } });
    expect(
      checkEInvoiceAddress({ type: "ovt", address: "003732213174101", operator: "003714377140" }),
    ).toEqual({
      ok: true,
      address: { scheme: "0037", id: "003732213174101", operator: "003714377140" },
    });
  });

  it("stores a Peppol id as its scheme and identifier, without an operator", () => {
    expect(checkEInvoiceAddress({ type: "peppol", participantId: "0088:4006381333931" })).toEqual({
      ok: true,
      address: { scheme: "0088", id: "4006381333931", operator: null },
    });
  });

  it.each<[Parameters<typeof checkEInvoiceAddress>[0], [string, string][]]>([
    [
      { type: "ovt", address: "003703134718", operator: "003721291126" },
      [["address", "ovt_checksum"]],
    ],
    [{ type: "ovt", address: "0313471-7", operator: "DABAFIHH" }, [["address", "ovt_format"]]],
    [
      { type: "ovt", address: "00370313471712345X", operator: "DABAFIHH" },
      [["address", "ovt_format"]],
    ],
    [
      { type: "ovt", address: "003703134718", operator: "nope" },
      [
        ["address", "ovt_checksum"],
        ["operator", "operator_format"],
      ],
    ],
    [{ type: "peppol", participantId: "9999:x" }, [["participantId", "peppol_scheme"]]],
  ])("names every problem of %j", (input, expected) => {
    const r = checkEInvoiceAddress(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => [e.field, e.code])).toEqual(expected);
  });
});

describe("eInvoiceInputOf", () => {
  it.each([
    [{ scheme: null, id: null, operator: null }, null],
    [{ scheme: "0037", id: "", operator: null }, null],
    [
      { scheme: "0037", id: "003703134717", operator: "E204503" },
      { type: "ovt", address: "003703134717", operator: "E204503" },
    ],
    [
      { scheme: "0037", id: "003703134717", operator: null },
      { type: "peppol", participantId: "0037:003703134717" },
    ],
    [
      { scheme: "0088", id: "4006381333931", operator: null },
      { type: "peppol", participantId: "0088:4006381333931" },
    ],
  ])("shows %j as %j", (stored, shown) => {
    expect(eInvoiceInputOf(stored)).toEqual(shown);
  });
});
