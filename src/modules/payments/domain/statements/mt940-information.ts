/**
 * The :86: "information to account owner" of an MT940 entry. Banks fill it in three ways:
 *
 * 1. German (ZKA/DFÜ) structured subfields: a 3-digit business transaction code (GVC), then
 *    `?00` booking text, `?10` primanota, `?20`–`?29` and `?60`–`?63` remittance (27 characters
 *    each, SEPA keywords EREF+, KREF+, MREF+, CRED+, SVWZ+, ABWA+ … inside), `?30` BIC or bank
 *    code, `?31` IBAN or account, `?32`/`?33` name, `?34` extra code. Triodos uses `>` instead
 *    of `?`. Lines are cut anywhere (even inside `?2` + `1`), so the lines are joined first.
 * 2. SWIFT-style `/CODE/value` (Dutch SEPA exports): /TRTP/, /IBAN/, /BIC/, /NAME/, /REMI/,
 *    /EREF/, /CNTP/iban/bic/name/city/, /ORDP//NAME/…, /BENM//NAME/…
 * 3. Free text, with the counterparty in some bank-specific place: `REK: <iban>/NAAM: <name>`
 *    (Knab), `OD:`/`DO:` and `Z RACH.:`/`TYT.:` (mBank), `AUFTRAGGEBER:`/`MITTEILUNGEN:`
 *    (PostFinance), `GIRO <number> <name>` (old ABN AMRO), or an account number followed by the
 *    name on the first line (ASN, SNS, old ING and ABN AMRO). Anything else stays remittance.
 */
export interface InformationLine {
  /** The line's text (after the tag on the first line), trailing whitespace removed. */
  text: string;
  /** The line fills the 65-character MT940 line, so its text continues on the next one. */
  full: boolean;
}

export interface Information {
  counterpartyName: string | null;
  counterpartyAccount: string | null;
  remittance: string;
  structuredReference: string | null;
  endToEndId: string | null;
  /** The German GVC (business transaction code), when structured. */
  transactionCode: string | null;
}

/** SEPA keywords in German remittance text; the older MTLG: ("message") ends a value too. */
const SEPA_KEYWORDS =
  /(?<![A-Za-z0-9])(?:(EREF|KREF|MREF|CRED|DEBT|SVWZ|ABWA|ABWE|IBAN|BIC|COAM|OAMT|PURP|RREF)\+|(MTLG):)/g;
const SWIFT_CODES =
  "TRTP|IBAN|BIC|NAME|REMI|EREF|CNTP|ORDP|BENM|RTRN|MARF|CSID|PREF|ULTC|ULTD|ULTB|PURP|ADDR|ISDT|SVCL|CDTRREFTP|CDTRREF|BUSP";
const SWIFT_START = new RegExp(`^/(?:${SWIFT_CODES})/`);
const SWIFT_CODE = new RegExp(`/(${SWIFT_CODES})/`, "g");

function collapse(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

function nonEmpty(s: string | null | undefined): string | null {
  const t = s === null || s === undefined ? "" : collapse(s);
  return t === "" ? null : t;
}

/** Joins fixed-width pieces: a full piece continues the next one directly, else a space. */
function joinPieces(pieces: readonly string[], width: number): string {
  let out = "";
  pieces.forEach((piece, i) => {
    const prev = pieces[i - 1];
    out += i === 0 || (prev !== undefined && prev.length >= width) ? piece : ` ${piece}`;
  });
  return out;
}

/** Free text: lines joined the fixed-width way, whitespace collapsed. */
function freeText(lines: readonly InformationLine[]): string {
  let out = "";
  lines.forEach((line, i) => {
    const prev = lines[i - 1];
    out += i === 0 || prev?.full ? line.text : ` ${line.text}`;
  });
  return collapse(out);
}

function sameAccount(account: string, own: string | null): boolean {
  if (own === null) return false;
  const norm = (s: string) => s.replace(/[^0-9A-Za-z]/g, "").toUpperCase();
  const x = norm(account);
  return x !== "" && (x === norm(own) || x === norm(own.slice(own.lastIndexOf("/") + 1)));
}

function structuredGerman(
  lines: readonly InformationLine[],
  ownAccount: string | null,
): Information | null {
  const joined = lines.map((l) => l.text).join("");
  const head = /^\s*(\d{3})([?>])/.exec(joined);
  if (!head) return null;
  const [, gvc = "", sep = "?"] = head;
  const body = joined.slice(head[0].length - 1);
  const fields = new Map<string, string[]>();
  const order: { code: string; value: string }[] = [];
  const re = new RegExp(`\\${sep}(\\d{2})([^${sep === "?" ? "?" : ">"}]*)`, "g");
  for (const m of body.matchAll(re)) {
    const code = m[1] ?? "";
    const value = m[2] ?? "";
    order.push({ code, value });
    fields.set(code, [...(fields.get(code) ?? []), value]);
  }
  const get = (code: string) => fields.get(code) ?? [];
  const remittanceParts = order
    .filter(({ code }) => /^(2\d|6[0-3])$/.test(code))
    .map(({ value }) => value);
  const text = collapse(joinPieces(remittanceParts, 27));
  let remittance = text;
  let endToEndId: string | null = null;
  const keywords = [...text.matchAll(SEPA_KEYWORDS)];
  if (keywords.length > 0 && keywords[0]?.index === 0) {
    const values = new Map<string, string>();
    keywords.forEach((k, i) => {
      const start = (k.index ?? 0) + k[0].length;
      const end = keywords[i + 1]?.index ?? text.length;
      const key = k[1] ?? k[2] ?? "";
      if (!values.has(key)) values.set(key, collapse(text.slice(start, end)));
    });
    const eref = values.get("EREF");
    if (eref && !/^(NOTPROVIDED|NONREF)$/i.test(eref)) endToEndId = eref;
    const svwz = values.get("SVWZ");
    if (svwz) remittance = svwz;
  }
  const account = nonEmpty(get("31").join(""));
  return {
    counterpartyName: nonEmpty(joinPieces([...get("32"), ...get("33")], 27)),
    counterpartyAccount: account !== null && !sameAccount(account, ownAccount) ? account : null,
    remittance,
    structuredReference: null,
    endToEndId,
    transactionCode: gvc,
  };
}

function structuredSwift(text: string): Information | null {
  if (!SWIFT_START.test(text)) return null;
  const codes = [...text.matchAll(SWIFT_CODE)];
  const values = new Map<string, string>();
  codes.forEach((c, i) => {
    const start = (c.index ?? 0) + c[0].length;
    const end = codes[i + 1]?.index ?? text.length;
    const code = c[1] ?? "";
    if (!values.has(code)) values.set(code, text.slice(start, end).replace(/\/+$/, "").trim());
  });
  const cntp = values.get("CNTP")?.split("/");
  let remittance = values.get("REMI") ?? "";
  let structuredReference: string | null = null;
  const strd = /^STRD\/(?:CUR|ISO|SCOR)\/(.+)$/.exec(remittance);
  if (strd) {
    structuredReference = nonEmpty(strd[1]);
    remittance = strd[1] ?? "";
  } else {
    remittance = remittance.replace(/^USTD\/\/?/, "");
  }
  const eref = nonEmpty(values.get("EREF"));
  return {
    counterpartyName: nonEmpty(values.get("NAME")) ?? nonEmpty(cntp?.[2]),
    counterpartyAccount: nonEmpty(values.get("IBAN")) ?? nonEmpty(cntp?.[0]),
    remittance: collapse(remittance) || collapse(text),
    structuredReference,
    endToEndId: eref && !/^NOTPROVIDED$/i.test(eref) ? eref : null,
    transactionCode: null,
  };
}

/** A plausible person or company name, not a reference: has letters, not too long. */
function nameLike(s: string | null | undefined): string | null {
  const t = nonEmpty(s);
  return t !== null && /\p{L}{2}/u.test(t) && t.length <= 35 ? t : null;
}

function free(lines: readonly InformationLine[]): Information {
  const text = freeText(lines);
  const result: Information = {
    counterpartyName: null,
    counterpartyAccount: null,
    remittance: text,
    structuredReference: null,
    endToEndId: null,
    transactionCode: null,
  };
  const knab = /^(.*?)\s*REK:\s*([A-Z0-9]+)\s*\/\s*NAAM:\s*(.+)$/.exec(text);
  if (knab) {
    return {
      ...result,
      counterpartyAccount: nonEmpty(knab[2]),
      counterpartyName: nonEmpty(knab[3]),
      remittance: collapse(knab[1] ?? ""),
    };
  }
  if (/(?:^|\s)(?:OD|DO):\s/.test(text) && /(?:Z|NA) RACH\.:|TYT\.:/.test(text)) {
    // mBank: "Z RACH.: <account>; OD: <name>\n<address>; TYT.: <title>;"
    const nameLine = lines.find((l) => /(?:^|\s)(?:OD|DO):/.test(l.text));
    const name = /(?:^|\s)(?:OD|DO):\s*([^;]*)/.exec(nameLine?.text ?? "");
    const account = /(?:Z|NA) RACH\.:\s*([0-9A-Z ]+?)\s*;/.exec(text);
    const title = /TYT\.:\s*([^;]*)/.exec(text);
    return {
      ...result,
      counterpartyName: nonEmpty(name?.[1]),
      counterpartyAccount: nonEmpty(account?.[1]?.replace(/\s/g, "")),
      remittance: collapse(title?.[1] ?? text),
    };
  }
  const postFinance =
    /^(.*?)\s*(?:AUFTRAGGEBER|BEGÜNSTIGTER|BEGUENSTIGTER):\s*(.*?)\s*(?:MITTEILUNGEN:\s*(.*))?$/.exec(
      text,
    );
  if (postFinance) {
    return {
      ...result,
      counterpartyName: nonEmpty(postFinance[2]),
      remittance: collapse(postFinance[3] ?? postFinance[1] ?? ""),
    };
  }
  const first = lines[0]?.text ?? "";
  const giro = /^GIRO\s+(\d+)\s+(.+?)(?:\s{2,}|\t|$)/.exec(first);
  if (giro) {
    return { ...result, counterpartyAccount: giro[1] ?? null, counterpartyName: nameLike(giro[2]) };
  }
  const leading =
    /^([A-Z]{2}\d{2}[A-Z0-9]{10,30}|\d[\d.]{7,12}\d)\s+([^\t]+?)(?:\s{2,}|\t|$)(.*)$/.exec(first);
  if (leading) {
    const name = nameLike(leading[2]);
    if (name !== null) {
      const rest = [{ text: leading[3] ?? "", full: false }, ...lines.slice(1)];
      return {
        ...result,
        counterpartyAccount: (leading[1] ?? "").replace(/\./g, ""),
        counterpartyName: name,
        remittance: freeText(rest),
      };
    }
  }
  return result;
}

export function interpretInformation(
  lines: readonly InformationLine[],
  ownAccount: string | null,
): Information {
  return structuredGerman(lines, ownAccount) ?? structuredSwift(freeText(lines)) ?? free(lines);
}
