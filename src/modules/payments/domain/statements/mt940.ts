/**
 * SWIFT MT940 customer statements, as banks export them: with or without the SWIFT envelope
 * (`{1:…}{2:…}{4:` … `-}{5:…}`), with the transmission control characters SOH/ETX, with a
 * bank's header lines (`ABNANL2A`, `940`, `:940:`) before a statement, CRLF or LF.
 *
 * Tags: :20: reference, :21: (ignored), :25: account, :28C:/:28: statement number, :60F:/:60M:
 * opening balance, :61: entry, :86: information (after a :61:, for that entry; one or several
 * :86: fields, each possibly over several lines), :62F:/:62M: closing balance, :64: and :65:
 * (available balances, ignored) and a statement-level :86: after the closing balance (ignored).
 * Any other tag is an error, so are tags out of this order and a statement without balances.
 */
import { ibanOrNull } from "./accounts.ts";
import { checkBalances } from "./balance.ts";
import { canonicalAmount } from "./decimal.ts";
import { isoDate } from "./dates.ts";
import { withEntryKeys, type DraftEntry } from "./entry-key.ts";
import { StatementParseError } from "./errors.ts";
import type { ParsedStatement, StatementBalance } from "./model.ts";
import { interpretInformation, type InformationLine } from "./mt940-information.ts";

interface Field {
  tag: string;
  /** Line texts; the first without its tag. Trailing whitespace removed. */
  lines: string[];
  /** Per line: it fills the 65-character line (tag included) and ends in a non-space, so its
   * text may continue on the next line without a space. */
  full: boolean[];
  line: number;
}

const TAGS = new Set([
  "20",
  "21",
  "25",
  "25P",
  "28",
  "28C",
  "60F",
  "60M",
  "61",
  "86",
  "62F",
  "62M",
  "64",
  "65",
]);
const MT942_TAGS = new Set(["13", "13D", "34F", "90C", "90D"]);
const LINE_WIDTH = 65;

function fail(line: number, reason: string, column?: number): never {
  throw new StatementParseError("mt940", { line, column }, reason);
}

function quote(s: string): string {
  const t = s.trim();
  return JSON.stringify(t.length > 40 ? `${t.slice(0, 40)}…` : t);
}

/** Lines a bank may put around a statement: a BIC, the message type. */
function isPreamble(line: string): boolean {
  const t = line.trim();
  return /^[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?$/.test(t) || /^:?94[02]:?$/.test(t);
}

function isFull(line: string): boolean {
  return line.length >= LINE_WIDTH && !/\s$/.test(line);
}

/** Splits the text into statements of tagged fields. */
function fieldsByStatement(text: string): Field[][] {
  const statements: Field[][] = [];
  let statement: Field[] | null = null;
  let field: Field | null = null;
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    // SOH, ETX and SUB frame the transmission; any other control character is an error.
    let line = (lines[i] ?? "").replace(/[\u0001\u0003\u001a]/g, "");
    const control = /[\u0000-\u0008\u000B-\u001F\u007F]/.exec(line);
    if (control) fail(lineNo, "Control characters are not allowed.", control.index + 1);
    if (/^\{[1-5]:/.test(line) || /^-\}/.test(line)) {
      // SWIFT envelope: {1:…}{2:…}{3:…}{4: starts the text block, -} ends it, {5:…} trails.
      if (/^-\}/.test(line)) {
        statement = null;
        field = null;
      }
      const text = line.indexOf("{4:");
      if (text < 0) continue;
      statement = null;
      field = null;
      line = line.slice(text + 3);
      if (line.trim() === "") continue;
    }
    if (/^-\s*$/.test(line)) {
      // end of a message without envelope
      statement = null;
      field = null;
      continue;
    }
    const tag = /^:(\d{2}[A-Z]?):(.*)$/.exec(line);
    if (tag) {
      const name = tag[1] ?? "";
      if (MT942_TAGS.has(name)) {
        fail(lineNo, `:${name}: belongs to an MT942 interim report, not an MT940 statement.`);
      }
      if (!TAGS.has(name)) fail(lineNo, `Unknown MT940 tag :${name}:.`);
      if (name === "20") {
        statement = [];
        statements.push(statement);
      } else if (!statement) {
        fail(lineNo, `:${name}: outside a statement: a statement starts with :20:.`);
      }
      field = { tag: name, lines: [(tag[2] ?? "").trimEnd()], full: [isFull(line)], line: lineNo };
      statement.push(field);
      continue;
    }
    if (field) {
      field.lines.push(line.trimEnd());
      field.full.push(isFull(line));
      continue;
    }
    if (line.trim() === "" || (!statement && isPreamble(line))) continue;
    fail(
      lineNo,
      statement
        ? `Unexpected text ${quote(line)}.`
        : `Not an MT940 statement: expected :20: but found ${quote(line)}.`,
    );
  }
  for (const s of statements) {
    for (const f of s) {
      while (f.lines.length > 1 && f.lines.at(-1) === "") {
        f.lines.pop();
        f.full.pop();
      }
    }
  }
  return statements;
}

/** YYMMDD: years 80–99 are 19xx, the rest 20xx. */
function yymmdd(s: string, line: number): string {
  const yy = Number(s.slice(0, 2));
  const date = isoDate(
    yy >= 80 ? 1900 + yy : 2000 + yy,
    Number(s.slice(2, 4)),
    Number(s.slice(4, 6)),
  );
  if (date === null) fail(line, `${quote(s)} is not a valid date (YYMMDD).`);
  return date;
}

/** The entry (booking) date MMDD of a :61:, in the year that puts it nearest the value date. */
function entryDate(mmdd: string, valueDate: string, line: number): string {
  const year = Number(valueDate.slice(0, 4));
  const month = Number(mmdd.slice(0, 2));
  const valueMonth = Number(valueDate.slice(5, 7));
  const y = month - valueMonth > 6 ? year - 1 : valueMonth - month > 6 ? year + 1 : year;
  const date = isoDate(y, month, Number(mmdd.slice(2, 4)));
  if (date === null) fail(line, `${quote(mmdd)} is not a valid entry date (MMDD).`);
  return date;
}

/** An MT940 amount: digits, a decimal comma (some banks leave it out), optional decimals. */
function amount(s: string, currency: string, line: number): string {
  const m = /^(\d+)(?:,(\d*))?$/.exec(s);
  if (!m) fail(line, `${quote(s)} is not an amount (digits with a decimal comma).`);
  return canonicalAmount(m[1] ?? "", m[2] ?? "", currency);
}

function balance(field: Field): StatementBalance {
  const content = field.lines.join("").trim();
  const m = /^([CD])(\d{6})([A-Z]{3})([\d,]+)$/.exec(content);
  if (!m) {
    fail(
      field.line,
      `:${field.tag}: must be C or D, a date YYMMDD, a currency and an amount; found ${quote(content)}.`,
    );
  }
  const [, sign = "", date = "", currency = "", value = ""] = m;
  const a = amount(value, currency, field.line);
  return {
    amount: sign === "D" && /[1-9]/.test(a) ? `-${a}` : a,
    currency,
    date: yymmdd(date, field.line),
  };
}

const LINE_61 =
  /^(\d{6})(\d{4}|\s{4})?\s*(RC|RD|C|D)([A-Z])?(\d[\d,]*)\s*([NSF])([A-Z0-9]{2}[A-Z0-9 ])(.*)$/;

function entry(
  field: Field,
  info: Field[],
  currency: string,
  ownAccount: string | null,
): DraftEntry {
  const first = field.lines[0] ?? "";
  const m = LINE_61.exec(first);
  if (!m) {
    fail(
      field.line,
      `:61: must be a value date YYMMDD, an optional entry date MMDD, C/D/RC/RD, an amount and a transaction type such as NTRF; found ${quote(first)}.`,
    );
  }
  const [
    ,
    value = "",
    entryMmdd = "",
    mark = "",
    ,
    rawAmount = "",
    typeId = "",
    typeCode = "",
    rest = "",
  ] = m;
  const valueDate = yymmdd(value, field.line);
  const bookingDate =
    entryMmdd.trim() === "" ? valueDate : entryDate(entryMmdd, valueDate, field.line);
  // references: customer reference [//bank reference]; some banks put more after them
  let customerRef = rest;
  let bankRef = "";
  let extra = "";
  const slash = rest.indexOf("//");
  if (slash >= 0) {
    customerRef = rest.slice(0, slash);
    const after = rest.slice(slash + 2);
    bankRef = after.slice(0, 16);
    extra = after.slice(16);
  } else {
    const padded = /^(.{1,16}?)\s{2,}(.*)$/.exec(rest);
    if (padded) {
      customerRef = padded[1] ?? "";
      extra = padded[2] ?? "";
    }
  }
  const supplementary = [extra, ...field.lines.slice(1)]
    .map((s) => s.trim())
    .filter(Boolean)
    .join(" ");
  const lines: InformationLine[] = info.flatMap((f) =>
    f.lines.map((text, i) => ({ text, full: f.full[i] ?? false })),
  );
  const details = interpretInformation(lines, ownAccount);
  // Old Rabobank exports put the counterparty's name after the reference instead of in :86:.
  const name =
    details.counterpartyName ??
    (lines.length > 0 && /^\p{L}[\p{L}\p{N} .,'&-]{1,34}$/u.test(supplementary)
      ? supplementary
      : null);
  const account =
    details.counterpartyAccount ??
    ibanOrNull(customerRef) ??
    (/^\d{9,10}$/.test(customerRef.trim()) ? customerRef.trim() : null);
  const code = `${typeId}${typeCode.trim()}`;
  return {
    bookingDate,
    valueDate,
    amount: amount(rawAmount, currency, field.line),
    currency,
    direction: mark === "C" || mark === "RD" ? "credit" : "debit",
    reversal: mark.startsWith("R"),
    booked: true,
    counterpartyName: name,
    counterpartyIban: ibanOrNull(account),
    counterpartyAccount: account,
    remittance: details.remittance || (info.length === 0 ? supplementary : ""),
    structuredReference: details.structuredReference,
    endToEndId: details.endToEndId,
    bankReference: bankRef.trim() === "" ? null : bankRef.trim(),
    transactionCode: details.transactionCode ? `${code}/${details.transactionCode}` : code,
    reference: bankRef.trim() === "" ? null : bankRef.trim(),
    distinguishing: `${customerRef.trim()}\u001f${supplementary}`,
    source: `line ${field.line}`,
  };
}

function statement(fields: Field[]): ParsedStatement {
  let i = 0;
  const start = fields[0];
  if (!start) throw new Error("unreachable: a statement has its :20:");
  const optional = (...tags: string[]): Field | null => {
    const f = fields[i];
    if (f && tags.includes(f.tag)) {
      i++;
      return f;
    }
    return null;
  };
  const need = (what: string, ...tags: string[]): Field => {
    const found = optional(...tags);
    if (found) return found;
    const f = fields[i];
    const expected = tags.map((t) => `:${t}:`).join(" or ");
    if (!f)
      fail(
        start.line,
        `The statement starting here has no ${expected} (${what}); is the file cut off?`,
      );
    fail(f.line, `Expected ${expected} (${what}) but found :${f.tag}:.`);
  };
  const reference = need("reference", "20").lines.join(" ").trim();
  if (reference === "") fail(start.line, ":20: is empty.");
  optional("21");
  const accountField = need("account", "25", "25P");
  const sequenceField = need("statement number", "28C", "28");
  const openingField = need("opening balance", "60F", "60M");
  const opening = balance(openingField);
  const rawAccount = accountField.lines.join(" ").trim();
  if (rawAccount === "") fail(accountField.line, ":25: is empty.");
  // "1291.99.348EUR": some banks append the currency to the account
  const accountNumber =
    rawAccount.endsWith(opening.currency) && rawAccount.length > 3
      ? rawAccount.slice(0, -3)
      : rawAccount;
  const drafts: DraftEntry[] = [];
  for (;;) {
    const f = fields[i];
    if (f?.tag === "86" && drafts.length === 0) {
      i++; // information before the first entry: about the statement
      continue;
    }
    if (f?.tag !== "61") break;
    i++;
    const info: Field[] = [];
    while (fields[i]?.tag === "86") info.push(fields[i++] as Field);
    drafts.push(entry(f, info, opening.currency, accountNumber));
  }
  const closingField = need("closing balance", "62F", "62M");
  const closing = balance(closingField);
  if (closing.currency !== opening.currency) {
    fail(
      closingField.line,
      `The closing balance is in ${closing.currency}, the opening balance in ${opening.currency}.`,
    );
  }
  optional("64"); // closing available balance
  while (optional("65")); // forward available balances
  optional("86"); // information about the statement
  const extra = fields[i];
  if (extra) fail(extra.line, `Unexpected :${extra.tag}: after the closing balance.`);
  const entries = withEntryKeys(drafts);
  return {
    format: "mt940",
    statementId: reference,
    sequenceNumber: sequenceField.lines.join("").trim() || null,
    account: { iban: ibanOrNull(accountNumber), number: accountNumber, currency: opening.currency },
    from: opening.date,
    to: closing.date,
    openingBalance: opening,
    closingBalance: closing,
    entries,
    warnings: checkBalances(opening, closing, entries, `line ${start.line}`),
  };
}

/** Parses an MT940 file: every statement in it, in order. */
export function parseMt940(text: string): ParsedStatement[] {
  const statements = fieldsByStatement(text);
  if (statements.length === 0) fail(1, "Not an MT940 statement: no :20: tag found.");
  return statements.map(statement);
}
