/**
 * Bank statement exports as CSV, read through a profile: delimiter and quote, an optional header
 * row, which column holds what (by header name, by one of several header names, or by 0-based
 * index), the date format, the decimal and thousands separators. Quoted fields may contain the
 * delimiter, doubled quotes and line breaks (RFC 4180); errors give the line where the record
 * starts.
 */
import { createHash } from "node:crypto";
import { hungarianAccountToIban, ibanOrNull } from "./accounts.ts";
import { canonicalAmount } from "./decimal.ts";
import { isoDate } from "./dates.ts";
import { withEntryKeys, type DraftEntry } from "./entry-key.ts";
import { StatementParseError } from "./errors.ts";
import type { EntryDirection, ParsedStatement } from "./model.ts";

/** A column by header name, by any of several header names, or by 0-based index. */
export type CsvColumn = string | readonly string[] | number;

export type CsvDateFormat = "YYYY-MM-DD" | "DD.MM.YYYY" | "YYYY.MM.DD.";

export interface CsvProfile {
  delimiter: string;
  quote: string;
  /** The first row (after skipLines) names the columns. Without it, columns are indices. */
  headerRow: boolean;
  /** Lines before the header or the first record (a bank's title lines). */
  skipLines?: number;
  dateFormat: CsvDateFormat;
  decimalSeparator: "," | ".";
  /** "" when amounts have none; " " also accepts the no-break spaces spreadsheets write. */
  thousandsSeparator: "" | " " | "." | "," | "'";
  columns: {
    bookingDate: CsvColumn;
    valueDate?: CsvColumn;
    /** A signed amount: negative is a debit. Give either this or credit and debit. */
    amount?: CsvColumn;
    /** Credit and debit in two columns, one of them empty (or zero) on each row. */
    credit?: CsvColumn;
    debit?: CsvColumn;
    currency?: CsvColumn;
    counterpartyName?: CsvColumn;
    /** The counterparty's account: an IBAN or, with domesticAccounts "HU", a Hungarian number. */
    counterpartyAccount?: CsvColumn;
    /** The remittance columns, joined with spaces: `["Közlemény 1", "Közlemény 2"]` are two
     * columns, `[["Közlemény", "Megjegyzés"]]` one column under either name. */
    remittance?: readonly CsvColumn[];
    /** The bank's own transaction id: the entry's identity for idempotent import. */
    reference?: CsvColumn;
  };
  /** The currency when there is no currency column or it is empty. */
  currency?: string;
  /** Domestic account numbers to turn into IBANs (Hungarian 16 or 24 digits). */
  domesticAccounts?: "HU";
}

/**
 * A typical Hungarian internet bank export. There is no standard: this is an assumption, to be
 * adjusted per bank. `;` separated (Excel with a Hungarian locale), `"` quotes, a header row,
 * dates `2026.11.23.`, amounts `-12 345,67` (decimal comma, space or no-break space between
 * thousands, minus for debits), HUF unless a currency column says otherwise, Hungarian domestic
 * account numbers (`11773016-11111018-00000000`) turned into IBANs. Header names are matched
 * ignoring case, accents being kept, extra spaces ignored; each column accepts the names below.
 * The text is expected already decoded (see decodeStatementBytes: UTF-8 or Windows-1250).
 */
export const HUNGARIAN_BANK_CSV: CsvProfile = {
  delimiter: ";",
  quote: '"',
  headerRow: true,
  dateFormat: "YYYY.MM.DD.",
  decimalSeparator: ",",
  thousandsSeparator: " ",
  currency: "HUF",
  domesticAccounts: "HU",
  columns: {
    bookingDate: [
      "Könyvelés dátuma",
      "Könyvelési dátum",
      "Könyvelés napja",
      "Tranzakció dátuma",
      "Dátum",
    ],
    valueDate: ["Értéknap", "Értéknap dátuma", "Értéknapja"],
    amount: ["Összeg", "Tranzakció összege", "Összeg (HUF)"],
    currency: ["Pénznem", "Devizanem", "Deviza"],
    counterpartyName: [
      "Partner neve",
      "Ellenoldali név",
      "Partner név",
      "Kedvezményezett / Befizető neve",
    ],
    counterpartyAccount: ["Partner számlaszáma", "Ellenoldali számlaszám", "Partner számlaszám"],
    remittance: [["Közlemény", "Megjegyzés"]],
    reference: ["Tranzakció azonosító", "Tranzakcióazonosító", "Banki azonosító", "Referencia"],
  },
};

function fail(line: number, reason: string): never {
  throw new StatementParseError("csv", { line }, reason);
}

interface CsvRecord {
  line: number;
  cells: string[];
}

/** RFC 4180 records with a configurable delimiter and quote; blank lines are skipped. */
export function csvRecords(text: string, delimiter: string, quote: string): CsvRecord[] {
  if (
    delimiter.length !== 1 ||
    quote.length !== 1 ||
    delimiter === quote ||
    /[\r\n]/.test(delimiter + quote)
  ) {
    throw new Error("The CSV delimiter and quote must be two different single characters.");
  }
  const records: CsvRecord[] = [];
  let line = 1;
  let i = text.startsWith("\uFEFF") ? 1 : 0;
  const n = text.length;
  while (i < n) {
    const start = line;
    const cells: string[] = [];
    let cell = "";
    let quoted = false;
    let wasQuoted = false;
    for (;;) {
      const ch = i < n ? text[i] : undefined;
      if (quoted) {
        if (ch === undefined) fail(start, "A quoted field is not closed.");
        if (ch === quote) {
          if (text[i + 1] === quote) {
            cell += quote;
            i += 2;
          } else {
            quoted = false;
            i++;
            const next = text[i];
            if (next !== undefined && next !== delimiter && next !== "\r" && next !== "\n") {
              fail(line, `Unexpected text after a closing quote: ${JSON.stringify(next)}.`);
            }
          }
          continue;
        }
        if (ch === "\n" || (ch === "\r" && text[i + 1] !== "\n")) line++;
        cell += ch;
        i++;
        continue;
      }
      if (ch === undefined || ch === "\n" || ch === "\r") {
        cells.push(wasQuoted ? cell : cell.trim());
        if (ch === "\r" && text[i + 1] === "\n") i++;
        if (ch !== undefined) {
          i++;
          line++;
        }
        break;
      }
      if (ch === delimiter) {
        cells.push(wasQuoted ? cell : cell.trim());
        cell = "";
        wasQuoted = false;
        i++;
        continue;
      }
      if (ch === quote && cell.trim() === "") {
        quoted = true;
        wasQuoted = true;
        cell = "";
        i++;
        continue;
      }
      if (ch === quote) fail(line, "A quote inside an unquoted field.");
      cell += ch;
      i++;
    }
    if (!(cells.length === 1 && cells[0] === "" && !wasQuoted))
      records.push({ line: start, cells });
  }
  return records;
}

function headerKey(s: string): string {
  return s.normalize("NFC").replace(/\s+/g, " ").trim().toLowerCase();
}

function describeColumn(column: CsvColumn): string {
  if (typeof column === "number") return `column ${column + 1}`;
  if (typeof column === "string") return `"${column}"`;
  return column.map((c) => `"${c}"`).join(" or ");
}

/** Resolves a column to an index; null when an optional named column is not in the header. */
function resolve(
  column: CsvColumn,
  header: readonly string[] | null,
  width: number,
): number | null {
  if (typeof column === "number") {
    if (!Number.isInteger(column) || column < 0 || column >= width) return null;
    return column;
  }
  if (!header) throw new Error("Named CSV columns need a header row.");
  const names = typeof column === "string" ? [column] : column;
  for (const name of names) {
    const index = header.indexOf(headerKey(name));
    if (index >= 0) return index;
  }
  return null;
}

function parseDate(value: string, format: CsvDateFormat): string | null {
  const v = value.trim().replace(/\s+\d{1,2}:\d{2}(?::\d{2})?$/, "");
  const m =
    format === "YYYY-MM-DD"
      ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(v)
      : format === "DD.MM.YYYY"
        ? /^(\d{2})\.(\d{2})\.(\d{4})\.?$/.exec(v)
        : /^(\d{4})\.\s?(\d{2})\.\s?(\d{2})\.?$/.exec(v);
  if (!m) return null;
  const [a = "", b = "", c = ""] = m.slice(1);
  return format === "DD.MM.YYYY"
    ? isoDate(Number(c), Number(b), Number(a))
    : isoDate(Number(a), Number(b), Number(c));
}

/** A signed decimal in the profile's notation, as [negative, canonical absolute amount]. */
function parseAmount(
  value: string,
  profile: CsvProfile,
  currency: string,
): [boolean, string] | null {
  let v = value.trim();
  let negative = false;
  if (/^[-+−]/.test(v)) {
    negative = v[0] !== "+";
    v = v.slice(1).trim();
  } else if (/[-−]$/.test(v)) {
    negative = true;
    v = v.slice(0, -1).trim();
  }
  const dec = profile.decimalSeparator;
  const sep = profile.thousandsSeparator;
  let [whole = "", fraction = ""] = dec === "," ? v.split(/,(?=[^,]*$)/) : v.split(/\.(?=[^.]*$)/);
  if (!v.includes(dec)) {
    whole = v;
    fraction = "";
  }
  if (sep !== "") {
    const seps = sep === " " ? /[ \u00a0\u202f]/ : sep;
    const groups = whole.split(seps);
    if (groups.length > 1) {
      if (!/^\d{1,3}$/.test(groups[0] ?? "") || groups.slice(1).some((g) => !/^\d{3}$/.test(g))) {
        return null;
      }
      whole = groups.join("");
    }
  }
  if (!/^\d+$/.test(whole) || !/^\d*$/.test(fraction)) return null;
  const amount = canonicalAmount(whole, fraction, currency);
  return [negative && /[1-9]/.test(amount), amount];
}

/** Parses a CSV export with the given profile (HUNGARIAN_BANK_CSV by default). */
export function parseCsvStatement(
  text: string,
  profile: CsvProfile = HUNGARIAN_BANK_CSV,
): ParsedStatement {
  const records = csvRecords(text, profile.delimiter, profile.quote).filter(
    (r) => r.line > (profile.skipLines ?? 0),
  );
  let header: string[] | null = null;
  if (profile.headerRow) {
    const first = records.shift();
    if (!first) fail(1, "The CSV file is empty: no header row.");
    header = first.cells.map(headerKey);
  }
  const width = header?.length ?? Math.max(0, ...records.map((r) => r.cells.length));
  const headerLine = profile.skipLines ? profile.skipLines + 1 : 1;
  const columnOf = (
    key: string,
    column: CsvColumn | undefined,
    required: boolean,
  ): number | null => {
    if (column === undefined) return null;
    const index = resolve(column, header, width);
    if (index === null && required) {
      fail(
        headerLine,
        header
          ? `The ${key} column ${describeColumn(column)} is not in the header (${header.join(", ")}).`
          : `The ${key} column ${describeColumn(column)} does not exist.`,
      );
    }
    return index;
  };
  const c = profile.columns;
  const bookingDate = columnOf("booking date", c.bookingDate, true);
  const signed = columnOf("amount", c.amount, c.credit === undefined);
  const credit = signed === null ? columnOf("credit", c.credit, true) : null;
  const debit = signed === null ? columnOf("debit", c.debit, true) : null;
  if (signed === null && (credit === null || debit === null)) {
    throw new Error("A CSV profile needs an amount column, or credit and debit columns.");
  }
  const valueDate = columnOf("value date", c.valueDate, false);
  const currencyColumn = columnOf("currency", c.currency, false);
  const name = columnOf("name", c.counterpartyName, false);
  const account = columnOf("account", c.counterpartyAccount, false);
  const reference = columnOf("reference", c.reference, false);
  const remittance = (c.remittance ?? [])
    .map((r) => columnOf("remittance", r, false))
    .filter((r) => r !== null);

  const drafts: DraftEntry[] = [];
  for (const record of records) {
    const { line, cells } = record;
    if (header && cells.length !== header.length) {
      const extra = cells.slice(header.length);
      if (cells.length < header.length || extra.some((x) => x.trim() !== "")) {
        fail(line, `The row has ${cells.length} fields, the header ${header.length}.`);
      }
    }
    const cell = (index: number | null) => (index === null ? "" : (cells[index] ?? "").trim());
    const currency = (cell(currencyColumn) || profile.currency || "").toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency)) {
      fail(line, currency ? `"${currency}" is not a currency code.` : "The row has no currency.");
    }
    const date = parseDate(cell(bookingDate), profile.dateFormat);
    if (date === null) {
      fail(
        line,
        `The booking date "${cell(bookingDate)}" is not a date in the format ${profile.dateFormat}.`,
      );
    }
    const valueRaw = cell(valueDate);
    const value = valueRaw === "" ? null : parseDate(valueRaw, profile.dateFormat);
    if (valueRaw !== "" && value === null) {
      fail(line, `The value date "${valueRaw}" is not a date in the format ${profile.dateFormat}.`);
    }
    let direction: EntryDirection;
    let amount: string;
    const parse = (raw: string, what: string) => {
      const a = parseAmount(raw, profile, currency);
      if (a === null) {
        fail(
          line,
          `The ${what} "${raw}" is not an amount with "${profile.decimalSeparator}" decimals${profile.thousandsSeparator ? ` and "${profile.thousandsSeparator}" between thousands` : ""}.`,
        );
      }
      return a;
    };
    if (signed !== null) {
      const raw = cell(signed);
      if (raw === "") fail(line, "The amount is missing.");
      const [negative, a] = parse(raw, "amount");
      direction = negative ? "debit" : "credit";
      amount = a;
    } else {
      const cr = cell(credit);
      const db = cell(debit);
      const crAmount = cr === "" ? null : parse(cr, "credit")[1];
      const dbAmount = db === "" ? null : parse(db, "debit")[1];
      const nonZero = (a: string | null) => a !== null && /[1-9]/.test(a);
      if (nonZero(crAmount) && nonZero(dbAmount))
        fail(line, "The row has both a credit and a debit amount.");
      if (crAmount === null && dbAmount === null)
        fail(line, "The amount is missing (no credit, no debit).");
      direction = nonZero(dbAmount) || crAmount === null ? "debit" : "credit";
      amount = (direction === "debit" ? dbAmount : crAmount) ?? "0";
    }
    const accountRaw = cell(account) || null;
    const iban =
      ibanOrNull(accountRaw) ??
      (profile.domesticAccounts === "HU" && accountRaw !== null
        ? hungarianAccountToIban(accountRaw)
        : null);
    const ref = cell(reference) || null;
    drafts.push({
      bookingDate: date,
      valueDate: value,
      amount,
      currency,
      direction,
      reversal: false,
      booked: true,
      counterpartyName: cell(name) || null,
      counterpartyIban: iban,
      counterpartyAccount: accountRaw,
      remittance: remittance
        .map((r) => cell(r))
        .filter(Boolean)
        .join(" ")
        .replace(/\s+/g, " ")
        .trim(),
      structuredReference: null,
      endToEndId: null,
      bankReference: ref,
      transactionCode: null,
      reference: ref,
      source: `line ${line}`,
    });
  }
  const entries = withEntryKeys(drafts);
  const dates = entries.map((e) => e.bookingDate).sort();
  const currencies = new Set(entries.map((e) => e.currency));
  return {
    format: "csv",
    statementId: `csv:${createHash("sha256").update(text).digest("hex").slice(0, 16)}`,
    sequenceNumber: null,
    account: {
      iban: null,
      number: null,
      currency: currencies.size === 1 ? ([...currencies][0] ?? null) : (profile.currency ?? null),
    },
    from: dates[0] ?? null,
    to: dates.at(-1) ?? null,
    openingBalance: null,
    closingBalance: null,
    entries,
    warnings: [],
  };
}
