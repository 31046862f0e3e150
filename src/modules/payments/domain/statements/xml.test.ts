import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseXml, XmlSyntaxError, type XmlElement } from "./xml.ts";

function syntaxError(xml: string): XmlSyntaxError {
  try {
    parseXml(xml);
  } catch (e) {
    if (e instanceof XmlSyntaxError) return e;
    throw e;
  }
  throw new Error("parsed without error");
}

describe("parseXml", () => {
  it("builds a tree with namespaces, attributes, text, paths and positions", () => {
    const root = parseXml(
      `<?xml version="1.0" encoding="UTF-8"?>\n<!-- c -->\n<?pi data?>\n<a:Doc xmlns:a="urn:a" xmlns="urn:d" at='1 &amp; 2'>\n` +
        `  <B>x &lt; y &#233;&#x151; <![CDATA[<raw> & ]]></B>\n  <B/>\n  <C xmlns="">plain<!-- inner --></C>\n</a:Doc>\n<!-- after -->\n`,
    );
    expect(root).toMatchObject({ name: "Doc", ns: "urn:a", path: "/Doc", line: 4, column: 1 });
    expect(root.attributes.get("at")).toBe("1 & 2");
    expect(root.attributes.has("xmlns")).toBe(false);
    const [b1, b2, c] = root.children as [XmlElement, XmlElement, XmlElement];
    expect(b1).toMatchObject({ name: "B", ns: "urn:d", path: "/Doc/B[1]", line: 5, column: 3 });
    expect(b1.text).toBe("x < y éő <raw> & ");
    expect(b2).toMatchObject({ path: "/Doc/B[2]", text: "", children: [] });
    expect(c).toMatchObject({ name: "C", ns: null, text: "plain", path: "/Doc/C[1]" });
  });

  it("accepts a BOM, CRLF line ends and no declaration", () => {
    const root = parseXml("\uFEFF<R>\r\n  <S>1</S>\r\n</R>");
    expect(root.children[0]).toMatchObject({ name: "S", line: 2, column: 3, text: "1" });
  });

  it.each([
    ["unclosed element", "<a><b></b>", 1, 11, /<a> opened at line 1, column 1 is not closed/],
    ["mismatched tag", "<a>\n  <b></c>\n</a>", 2, 6, /<\/c> does not match <b>/],
    ["closing without opening", "<a></a></b>", 1, 8, /Only comments and whitespace/],
    ["two roots", "<a/><b/>", 1, 5, /Only comments and whitespace/],
    ["text before the root", "hi <a/>", 1, 1, /Expected the root element/],
    ["DOCTYPE", '<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>', 1, 1, /DTDs/],
    ["DOCTYPE inside", "<a><!ENTITY e 'x'></a>", 1, 4, /DTDs/],
    ["unknown entity", "<a>&e;</a>", 1, 4, /Unknown entity &e;/],
    ["bare ampersand", "<a>fish & chips</a>", 1, 9, /"&" must start an entity/],
    ["invalid character reference", "<a>&#0;</a>", 1, 4, /Invalid character reference/],
    ["duplicate attribute", '<a x="1" x="2"/>', 1, 10, /Duplicate attribute x/],
    ["unquoted attribute", "<a x=1/>", 1, 6, /must be quoted/],
    ["< in attribute", '<a x="<"/>', 1, 7, /"<" is not allowed in an attribute/],
    ["attributes without space", '<a x="1"y="2"/>', 1, 9, /Expected whitespace/],
    ["-- in a comment", "<a><!-- a -- b --></a>", 1, 8, /"--" is not allowed/],
    ["unclosed comment", "<a><!-- a </a>", 1, 8, /comment is not closed/],
    ["unclosed CDATA", "<a><![CDATA[x</a>", 1, 13, /CDATA section is not closed/],
    ["]]> in text", "<a>x ]]> y</a>", 1, 6, /"]]>" is not allowed in text/],
    ["control character", "<a>\u0007</a>", 1, 4, /Control characters/],
    ["undeclared prefix", "<p:a/>", 1, 1, /Undeclared namespace prefix p/],
    ["late XML declaration", '<a><?xml version="1.0"?></a>', 1, 6, /only appear at the very start/],
    ["bad declaration", '<?xml encoding="UTF-8"?><a/>', 1, 1, /version/],
    ["empty", "", 1, 1, /no root element/],
    ["only a comment", "<!-- x -->", 1, 11, /no root element/],
  ])("%s → line %i, column %i", (_name, xml, line, column, message) => {
    const e = syntaxError(xml);
    expect(e.message).toMatch(message);
    expect([e.line, e.column]).toEqual([line, column]);
  });

  it("refuses nesting deeper than the limit", () => {
    expect(() => parseXml(`${"<a>".repeat(65)}${"</a>".repeat(65)}`)).toThrow(/nested too deeply/);
    expect(() => parseXml(`${"<a>".repeat(64)}${"</a>".repeat(64)}`)).not.toThrow();
  });

  it("every truncation of a real statement is a syntax error, never a half tree", () => {
    const xml = readFileSync(
      path.join(import.meta.dirname, "fixtures/camt053.v04.batch.xml"),
      "utf8",
    );
    const end = xml.lastIndexOf("</Document>") + "</Document>".length;
    for (let cut = 0; cut < end; cut++) {
      expect(() => parseXml(xml.slice(0, cut)), `cut at ${cut}`).toThrow(XmlSyntaxError);
    }
    expect(parseXml(xml.slice(0, end)).name).toBe("Document");
  });
});
