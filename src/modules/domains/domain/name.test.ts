import { describe, expect, it } from "vitest";
import {
  isSingleLabel,
  normalizeTlds,
  parseDomainName,
  type DomainNameCode,
  type ParsedDomainName,
} from "./name.ts";

const SOLD = ["hu", "com", "eu", "net", "org", "fi", "si"];

describe("parseDomainName accepts", () => {
  const cases: [input: string, expected: Extract<ParsedDomainName, { ok: true }>][] = [
    ["kapu.hu", { ok: true, ascii: "kapu.hu", unicode: "kapu.hu", sld: "kapu", tld: "hu" }],
    [
      "  Kapu-Tárhely.HU.  ",
      {
        ok: true,
        ascii: "xn--kapu-trhely-p7a.hu",
        unicode: "kapu-tárhely.hu",
        sld: "xn--kapu-trhely-p7a",
        tld: "hu",
      },
    ],
    [
      "Árvíztűrő.hu",
      {
        ok: true,
        ascii: "xn--rvztr-wqa0gx3bwi.hu",
        unicode: "árvíztűrő.hu",
        sld: "xn--rvztr-wqa0gx3bwi",
        tld: "hu",
      },
    ],
    // Typed as punycode: decoded for display.
    [
      "XN--RVZTR-WQA0GX3BWI.HU",
      {
        ok: true,
        ascii: "xn--rvztr-wqa0gx3bwi.hu",
        unicode: "árvíztűrő.hu",
        sld: "xn--rvztr-wqa0gx3bwi",
        tld: "hu",
      },
    ],
    ["ä.fi", { ok: true, ascii: "xn--4ca.fi", unicode: "ä.fi", sld: "xn--4ca", tld: "fi" }],
    [
      "žába.si",
      { ok: true, ascii: "xn--ba-lia14d.si", unicode: "žába.si", sld: "xn--ba-lia14d", tld: "si" },
    ],
    // Non-transitional UTS #46: ß is kept (IDNA2008), not folded to "ss".
    [
      "straße.eu",
      {
        ok: true,
        ascii: "xn--strae-oqa.eu",
        unicode: "straße.eu",
        sld: "xn--strae-oqa",
        tld: "eu",
      },
    ],
    // Full-width letters and the ideographic full stop map to their ASCII forms (UTS #46).
    [
      "ｋａｐｕ。com",
      { ok: true, ascii: "kapu.com", unicode: "kapu.com", sld: "kapu", tld: "com" },
    ],
    // Digits only are allowed, also under .hu (only "not recommended" there).
    ["1848.hu", { ok: true, ascii: "1848.hu", unicode: "1848.hu", sld: "1848", tld: "hu" }],
    // One character is fine outside .hu; a hyphen inside a label is fine.
    ["x.com", { ok: true, ascii: "x.com", unicode: "x.com", sld: "x", tld: "com" }],
    ["a-b.net", { ok: true, ascii: "a-b.net", unicode: "a-b.net", sld: "a-b", tld: "net" }],
    // 63 characters is the longest label.
    [
      `${"a".repeat(63)}.org`,
      {
        ok: true,
        ascii: `${"a".repeat(63)}.org`,
        unicode: `${"a".repeat(63)}.org`,
        sld: "a".repeat(63),
        tld: "org",
      },
    ],
    // A reserved word inside a longer label is not reserved.
    [
      "testing.com",
      { ok: true, ascii: "testing.com", unicode: "testing.com", sld: "testing", tld: "com" },
    ],
  ];
  it.each(cases)("%s", (input, expected) => {
    expect(parseDomainName(input, SOLD)).toEqual(expected);
  });

  it("matches the longest ending sold (a second-level public domain such as co.hu)", () => {
    expect(parseDomainName("pék.co.hu", ["hu", "co.hu"])).toEqual({
      ok: true,
      ascii: "xn--pk-bja.co.hu",
      unicode: "pék.co.hu",
      sld: "xn--pk-bja",
      tld: "co.hu",
    });
  });

  it("takes the sold list in any spelling (case, leading dot, IDN)", () => {
    expect(normalizeTlds(["HU", ".com", " eu ", "hu", "", "Co.Hu"])).toEqual([
      "hu",
      "com",
      "eu",
      "co.hu",
    ]);
    expect(parseDomainName("kapu.com", [".COM"])).toMatchObject({ ok: true, tld: "com" });
  });
});

describe("parseDomainName refuses", () => {
  const cases: [input: string, code: DomainNameCode][] = [
    ["", "domains.name_empty"],
    ["   ", "domains.name_empty"],
    [".", "domains.name_empty"],
    // Characters no label may hold (and that the URL parser would otherwise decode or accept).
    ["kapu hu.hu", "domains.label_invalid"],
    ["kapu_tarhely.hu", "domains.label_invalid"],
    ["kapu%41.hu", "domains.label_invalid"],
    ["https://kapu.hu/", "domains.label_invalid"],
    ["kapu.hu:80", "domains.label_invalid"],
    ["kap*u.com", "domains.label_invalid"],
    // Empty labels.
    ["kapu..hu", "domains.label_invalid"],
    [".kapu.hu", "domains.label_invalid"],
    ["kapu.hu..", "domains.label_invalid"],
    // Hyphens.
    ["-kapu.hu", "domains.label_invalid"],
    ["kapu-.hu", "domains.label_invalid"],
    ["ka--pu.com", "domains.label_invalid"],
    // Bad IDN: a zero-width joiner where CONTEXTJ forbids it, punycode that decodes to nothing
    // real, a character that maps to a separator.
    ["ab\u200dc.com", "domains.label_invalid"],
    ["xn--zz.com", "domains.label_invalid"],
    ["xn--kapu-.com", "domains.label_invalid"],
    ["xn--.com", "domains.label_invalid"],
    ["\u24881a.com", "domains.label_invalid"],
    // Lengths: 64-character label; 254-character name.
    [`${"a".repeat(64)}.com`, "domains.label_too_long"],
    [`${"ő".repeat(60)}.hu`, "domains.label_too_long"],
    [`${Array.from({ length: 5 }, () => "a".repeat(50)).join(".")}.com`, "domains.name_too_long"],
    // One label, or only an ending.
    ["kapu", "domains.name_incomplete"],
    // Endings we do not sell.
    ["kapu.de", "domains.tld_not_sold"],
    ["kapu.123", "domains.tld_not_sold"],
    ["1.2.3.4", "domains.tld_not_sold"],
    ["kapu.hu.de", "domains.tld_not_sold"],
    // Hosts inside a domain, or names under a second-level domain we do not sell.
    ["www.kapu.hu", "domains.name_not_registrable"],
    ["pék.co.hu", "domains.name_not_registrable"],
    // .hu: at least two characters, Hungarian letters only.
    ["a.hu", "domains.sld_too_short"],
    ["é.hu", "domains.sld_too_short"],
    ["ä.hu", "domains.characters_not_allowed"],
    ["žába.hu", "domains.characters_not_allowed"],
    // Reserved second-level labels, under every ending.
    ["example.com", "domains.name_reserved"],
    ["Example.HU", "domains.name_reserved"],
    ["localhost.net", "domains.name_reserved"],
    ["invalid.org", "domains.name_reserved"],
    ["test.eu", "domains.name_reserved"],
    ["nic.hu", "domains.name_reserved"],
    ["www.com", "domains.name_reserved"],
    ["whois.fi", "domains.name_reserved"],
  ];
  it.each(cases)("%j with %s", (input, code) => {
    const result = parseDomainName(input, SOLD);
    expect(result).toMatchObject({ ok: false, code });
    if (result.ok) return;
    expect(result.message.length).toBeGreaterThan(10);
  });

  it("names the problem in its message", () => {
    expect(parseDomainName("kapu.de", SOLD)).toMatchObject({
      message: expect.stringContaining(".de") as unknown,
    });
    expect(parseDomainName("kapu.de", ["hu", "com"])).toMatchObject({
      message: expect.stringContaining(".hu, .com") as unknown,
    });
    expect(parseDomainName("www.kapu.hu", SOLD)).toMatchObject({
      message: expect.stringContaining("only kapu.hu itself") as unknown,
    });
    expect(parseDomainName("kap_u.hu", SOLD)).toMatchObject({
      message: expect.stringContaining('"_"') as unknown,
    });
  });

  it("refuses an ending sold as such (co.hu) as incomplete", () => {
    expect(parseDomainName("co.hu", ["hu", "co.hu"])).toMatchObject({
      ok: false,
      code: "domains.name_incomplete",
    });
  });

  it("refuses everything when nothing is sold", () => {
    expect(parseDomainName("kapu.hu", [])).toMatchObject({
      ok: false,
      code: "domains.tld_not_sold",
    });
  });
});

describe("isSingleLabel", () => {
  it.each([
    ["kapu", true],
    ["  Árvíztűrő ", true],
    ["kapu.", true],
    ["kapu.hu", false],
    ["kapu。hu", false],
    ["", false],
    [".", false],
  ])("%j → %s", (input, expected) => {
    expect(isSingleLabel(input)).toBe(expected);
  });
});
