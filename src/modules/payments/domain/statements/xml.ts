/**
 * A small, strict, non-validating XML 1.0 reader for bank statements (camt.053): elements,
 * attributes, namespaces, text, CDATA, comments and processing instructions. It builds a tree
 * whose every element knows its line, column and path, so errors can say where they are.
 *
 * Deliberately refused: DTDs (`<!DOCTYPE …>`, hence external and custom entities: no XXE, no
 * entity expansion bombs), undeclared namespace prefixes, control characters, unknown entities,
 * mismatched or unclosed tags, anything after the root element but comments and whitespace.
 * Mixed content is not kept in order: an element's `text` is all of its own character data.
 */

export class XmlSyntaxError extends Error {
  readonly line: number;
  readonly column: number;
  constructor(message: string, line: number, column: number) {
    super(message);
    this.name = "XmlSyntaxError";
    this.line = line;
    this.column = column;
  }
}

export interface XmlElement {
  /** Local name (without prefix). */
  readonly name: string;
  /** Namespace URI, or null when the element is in no namespace. */
  readonly ns: string | null;
  /** Attributes by name as written (`Ccy`, `xsi:type`), namespace declarations excluded. */
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: readonly XmlElement[];
  /** The element's own character data (entities decoded), untrimmed. */
  readonly text: string;
  /** `/Document/BkToCstmrStmt/Stmt[2]/Ntry[1]`: local names, 1-based index among same-named siblings. */
  readonly path: string;
  readonly line: number;
  readonly column: number;
}

interface MutableElement {
  name: string;
  ns: string | null;
  attributes: Map<string, string>;
  children: MutableElement[];
  text: string;
  path: string;
  line: number;
  column: number;
}

interface Open {
  element: MutableElement;
  qname: string;
  scope: ReadonlyMap<string, string>;
  siblings: Map<string, number>;
  offset: number;
}

const XML_NS = "http://www.w3.org/XML/1998/namespace";
const NAME = /[\p{L}_][\p{L}\p{N}_.-]*(?::[\p{L}_][\p{L}\p{N}_.-]*)?/uy;
const SPACE = /[ \t\r\n]*/y;
const FORBIDDEN_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const ENTITIES: Readonly<Record<string, string>> = {
  lt: "<",
  gt: ">",
  amp: "&",
  quot: '"',
  apos: "'",
};

export interface XmlOptions {
  /** Nesting deeper than this is refused (camt.053 needs about 15). */
  maxDepth?: number;
}

export function parseXml(source: string, options: XmlOptions = {}): XmlElement {
  return new Reader(source, options.maxDepth ?? 64).document();
}

class Reader {
  readonly #src: string;
  readonly #maxDepth: number;
  #pos = 0;
  #lineStarts: number[] | undefined;

  constructor(source: string, maxDepth: number) {
    this.#src = source.startsWith("\uFEFF") ? source.slice(1) : source;
    this.#maxDepth = maxDepth;
  }

  // --- positions and errors ---

  #lineColumn(offset: number): { line: number; column: number } {
    if (!this.#lineStarts) {
      const starts = [0];
      for (let i = 0; i < this.#src.length; i++) if (this.#src[i] === "\n") starts.push(i + 1);
      this.#lineStarts = starts;
    }
    const starts = this.#lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
  }

  #fail(message: string, offset = this.#pos): never {
    const { line, column } = this.#lineColumn(Math.min(offset, this.#src.length));
    throw new XmlSyntaxError(message, line, column);
  }

  // --- lexing helpers ---

  #startsWith(s: string): boolean {
    return this.#src.startsWith(s, this.#pos);
  }

  #skipSpace(): boolean {
    SPACE.lastIndex = this.#pos;
    SPACE.exec(this.#src);
    const moved = SPACE.lastIndex > this.#pos;
    this.#pos = SPACE.lastIndex;
    return moved;
  }

  #name(what: string): string {
    NAME.lastIndex = this.#pos;
    const m = NAME.exec(this.#src);
    if (!m) this.#fail(`Expected ${what}.`);
    this.#pos = NAME.lastIndex;
    return m[0];
  }

  #until(terminator: string, what: string): string {
    const end = this.#src.indexOf(terminator, this.#pos);
    if (end < 0) this.#fail(`${what} is not closed (missing "${terminator}").`);
    const body = this.#src.slice(this.#pos, end);
    this.#pos = end + terminator.length;
    return body;
  }

  #decode(raw: string, start: number): string {
    if (!raw.includes("&")) return raw;
    return raw.replace(/&([^;&\s<]*);?/g, (whole, ref: string, at: number) => {
      if (!whole.endsWith(";")) this.#fail(`"&" must start an entity such as &amp;.`, start + at);
      if (ref.startsWith("#")) {
        const code = /^#x[0-9a-fA-F]{1,6}$/.test(ref)
          ? Number.parseInt(ref.slice(2), 16)
          : /^#\d{1,7}$/.test(ref)
            ? Number(ref.slice(1))
            : NaN;
        const valid =
          code === 0x9 ||
          code === 0xa ||
          code === 0xd ||
          (code >= 0x20 && code <= 0xd7ff) ||
          (code >= 0xe000 && code <= 0xfffd) ||
          (code >= 0x10000 && code <= 0x10ffff);
        if (!valid) this.#fail(`Invalid character reference &${ref};.`, start + at);
        return String.fromCodePoint(code);
      }
      const value = ENTITIES[ref];
      if (value === undefined) this.#fail(`Unknown entity &${ref};.`, start + at);
      return value;
    });
  }

  // --- grammar ---

  document(): XmlElement {
    const bad = FORBIDDEN_CHAR.exec(this.#src);
    if (bad) this.#fail("Control characters are not allowed in XML.", bad.index);
    if (this.#startsWith("<?xml") && /[\s?]/.test(this.#src[5] ?? "")) this.#declaration();
    this.#misc();
    if (this.#pos >= this.#src.length) this.#fail("The document has no root element.");
    if (!this.#startsWith("<") || /[!?/]/.test(this.#src[this.#pos + 1] ?? "")) {
      this.#fail("Expected the root element.");
    }
    const root = this.#elements();
    this.#misc();
    if (this.#pos < this.#src.length)
      this.#fail("Only comments and whitespace may follow the root element.");
    return root;
  }

  #declaration(): void {
    const start = this.#pos;
    const body = this.#until("?>", "The XML declaration");
    if (!/^<\?xml\s+version\s*=\s*(["'])1\.[0-9]+\1/.test(body)) {
      this.#fail('The XML declaration must start with version="1.x".', start);
    }
  }

  /** Whitespace, comments and processing instructions outside the root element. */
  #misc(): void {
    for (;;) {
      this.#skipSpace();
      if (this.#startsWith("<!--")) this.#comment();
      else if (this.#startsWith("<?")) this.#processingInstruction();
      else if (this.#startsWith("<!")) this.#fail("DTDs and declarations are not allowed.");
      else return;
    }
  }

  #comment(): void {
    this.#pos += 4;
    const start = this.#pos;
    const body = this.#until("-->", "A comment");
    if (body.includes("--") || body.endsWith("-"))
      this.#fail('"--" is not allowed in a comment.', start);
  }

  #processingInstruction(): void {
    this.#pos += 2;
    const start = this.#pos;
    const target = this.#name("a processing instruction target");
    if (target.toLowerCase() === "xml") {
      this.#fail("The XML declaration may only appear at the very start.", start);
    }
    this.#until("?>", "A processing instruction");
  }

  /** The root element and everything in it, iteratively (no recursion depth issues). */
  #elements(): MutableElement {
    const stack: Open[] = [];
    let root: MutableElement | undefined;
    const rootScope = new Map<string, string>([["xml", XML_NS]]);

    for (;;) {
      if (this.#pos >= this.#src.length) {
        const open = stack.at(-1);
        if (!open) break;
        const { line, column } = this.#lineColumn(open.offset);
        this.#fail(
          `Unexpected end of the document: <${open.qname}> opened at line ${line}, column ${column} is not closed.`,
        );
      }
      const top = stack.at(-1);
      if (this.#src[this.#pos] !== "<") {
        const start = this.#pos;
        let end = this.#src.indexOf("<", start);
        if (end < 0) end = this.#src.length;
        const raw = this.#src.slice(start, end);
        this.#pos = end;
        if (!top) {
          if (raw.trim() !== "") this.#fail("Text is not allowed outside the root element.", start);
          break;
        }
        const cdataEnd = raw.indexOf("]]>");
        if (cdataEnd >= 0) this.#fail('"]]>" is not allowed in text.', start + cdataEnd);
        top.element.text += this.#decode(raw, start);
        continue;
      }
      if (this.#startsWith("<!--")) {
        this.#comment();
        continue;
      }
      if (this.#startsWith("<![CDATA[")) {
        if (!top) this.#fail("CDATA is not allowed outside the root element.");
        this.#pos += 9;
        top.element.text += this.#until("]]>", "A CDATA section");
        continue;
      }
      if (this.#startsWith("<!")) this.#fail("DTDs and declarations are not allowed.");
      if (this.#startsWith("<?")) {
        this.#processingInstruction();
        continue;
      }
      if (this.#startsWith("</")) {
        const start = this.#pos;
        this.#pos += 2;
        const qname = this.#name("an element name");
        this.#skipSpace();
        if (this.#src[this.#pos] !== ">") this.#fail('Expected ">" to end the closing tag.');
        this.#pos++;
        if (!top) this.#fail(`Closing tag </${qname}> without an opening tag.`, start);
        if (top.qname !== qname) {
          const { line, column } = this.#lineColumn(top.offset);
          this.#fail(
            `Closing tag </${qname}> does not match <${top.qname}> opened at line ${line}, column ${column}.`,
            start,
          );
        }
        stack.pop();
        if (stack.length === 0) break;
        continue;
      }
      if (root && !top) this.#fail("Only one root element is allowed.");
      // start tag
      const offset = this.#pos;
      this.#pos++;
      const qname = this.#name("an element name");
      const rawAttributes: { name: string; value: string; offset: number }[] = [];
      let selfClosing = false;
      for (;;) {
        const spaced = this.#skipSpace();
        if (this.#startsWith("/>")) {
          this.#pos += 2;
          selfClosing = true;
          break;
        }
        if (this.#startsWith(">")) {
          this.#pos++;
          break;
        }
        if (this.#pos >= this.#src.length) this.#fail(`The tag <${qname}> is not closed.`, offset);
        if (!spaced) this.#fail('Expected whitespace, ">" or "/>".');
        const attrOffset = this.#pos;
        const name = this.#name("an attribute name");
        this.#skipSpace();
        if (this.#src[this.#pos] !== "=") this.#fail(`Expected "=" after the attribute ${name}.`);
        this.#pos++;
        this.#skipSpace();
        const quote = this.#src[this.#pos];
        if (quote !== '"' && quote !== "'") this.#fail("Attribute values must be quoted.");
        this.#pos++;
        const valueStart = this.#pos;
        const raw = this.#until(quote, "An attribute value");
        const lt = raw.indexOf("<");
        if (lt >= 0) this.#fail('"<" is not allowed in an attribute value.', valueStart + lt);
        if (rawAttributes.some((a) => a.name === name)) {
          this.#fail(`Duplicate attribute ${name}.`, attrOffset);
        }
        rawAttributes.push({
          name,
          value: this.#decode(raw, valueStart).replace(/[\t\n\r]/g, " "),
          offset: attrOffset,
        });
      }

      const parentScope = top?.scope ?? rootScope;
      let scope: Map<string, string> | undefined;
      const attributes = new Map<string, string>();
      for (const a of rawAttributes) {
        if (a.name === "xmlns" || a.name.startsWith("xmlns:")) {
          const prefix = a.name === "xmlns" ? "" : a.name.slice(6);
          if (prefix !== "" && a.value === "") {
            this.#fail(`The prefix ${prefix} cannot be undeclared.`, a.offset);
          }
          scope ??= new Map(parentScope);
          scope.set(prefix, a.value);
        } else {
          attributes.set(a.name, a.value);
        }
      }
      const elementScope = scope ?? parentScope;
      for (const a of rawAttributes) {
        const colon = a.name.indexOf(":");
        if (
          colon > 0 &&
          !a.name.startsWith("xmlns:") &&
          !elementScope.has(a.name.slice(0, colon))
        ) {
          this.#fail(`Undeclared namespace prefix in the attribute ${a.name}.`, a.offset);
        }
      }
      const colon = qname.indexOf(":");
      const prefix = colon > 0 ? qname.slice(0, colon) : "";
      const local = colon > 0 ? qname.slice(colon + 1) : qname;
      const nsUri = elementScope.get(prefix);
      if (prefix !== "" && nsUri === undefined) {
        this.#fail(`Undeclared namespace prefix ${prefix} in <${qname}>.`, offset);
      }
      const index = top ? (top.siblings.get(local) ?? 0) + 1 : 1;
      top?.siblings.set(local, index);
      const { line, column } = this.#lineColumn(offset);
      const element: MutableElement = {
        name: local,
        ns: nsUri === undefined || nsUri === "" ? null : nsUri,
        attributes,
        children: [],
        text: "",
        path: top ? `${top.element.path}/${local}[${index}]` : `/${local}`,
        line,
        column,
      };
      if (top) top.element.children.push(element);
      else root = element;
      if (selfClosing) {
        if (!top) break;
        continue;
      }
      if (stack.length >= this.#maxDepth) this.#fail("The document is nested too deeply.", offset);
      stack.push({ element, qname, scope: elementScope, siblings: new Map(), offset });
    }
    if (!root) this.#fail("The document has no root element.");
    return root;
  }
}
