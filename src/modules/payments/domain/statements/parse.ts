/**
 * The entry point of statement import: recognise a file's format and parse it into
 * ParsedStatements. Pure: the caller reads the upload and passes its bytes or text.
 */
import { parseCamt053 } from "./camt053.ts";
import { HUNGARIAN_BANK_CSV, parseCsvStatement, type CsvProfile } from "./csv.ts";
import { StatementParseError } from "./errors.ts";
import type { ParsedStatement, StatementFamily } from "./model.ts";
import { parseMt940 } from "./mt940.ts";

/**
 * The format of a statement file, from its content: an ISO 20022 camt document (`camt`, any
 * camt message: parseCamt053 says clearly when it is not a camt.053), an MT940 statement, a CSV
 * table (two or more non-empty lines with the same number, at least one, of `;`, `,` or tabs);
 * null when it is none of them.
 */
export function detectFormat(content: string): StatementFamily | null {
  const text = content.replace(/^[\uFEFF\u0001\s]+/, "");
  if (text.startsWith("<")) {
    return /xmlns(?::\w+)?\s*=\s*["']urn:iso:std:iso:20022:tech:xsd:camt\./.test(
      text.slice(0, 4096),
    )
      ? "camt"
      : null;
  }
  if (
    /^(?:\{1:|\{4:|:20:|:940:|[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?\s*\r?\n\s*94[02]\s*\r?\n)/.test(
      text,
    )
  ) {
    return /^:20:/m.test(text) && /^:6[02][FM]:/m.test(text) ? "mt940" : null;
  }
  const lines = text
    .split(/\r\n|\r|\n/)
    .filter((l) => l.trim() !== "")
    .slice(0, 2);
  if (lines.length < 2) return null;
  for (const delimiter of [";", "\t", ","]) {
    const counts = lines.map((l) => l.split(delimiter).length - 1);
    if ((counts[0] ?? 0) > 0 && counts.every((c) => c === counts[0])) return "csv";
  }
  return null;
}

export interface StatementFileOptions {
  /** Skip detection: the format the staff user picked. */
  format?: StatementFamily;
  /** How to read a CSV file; HUNGARIAN_BANK_CSV when not given. */
  csvProfile?: CsvProfile;
}

/** Parses a statement file of any supported format: one or more statements. */
export function parseStatementFile(
  content: string,
  options: StatementFileOptions = {},
): ParsedStatement[] {
  const format = options.format ?? detectFormat(content);
  switch (format) {
    case "camt":
      return parseCamt053(content);
    case "mt940":
      return parseMt940(content);
    case "csv":
      return [parseCsvStatement(content, options.csvProfile ?? HUNGARIAN_BANK_CSV)];
    case null:
      throw new StatementParseError(
        null,
        { line: 1 },
        "The file is not a bank statement Kapu can read: upload camt.053 XML, MT940 or CSV.",
      );
  }
}

/**
 * Turns an uploaded file's bytes into text: the encoding an XML declaration names; else UTF-8
 * (with or without BOM) when the bytes are valid UTF-8; else Windows-1250, the code page of
 * Hungarian bank exports (a superset of ISO-8859-2 for letters such as ő and ű).
 */
export function decodeStatementBytes(bytes: Uint8Array): string {
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 200));
  const declared = /^<\?xml[^>]*\sencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
  if (declared !== undefined) {
    try {
      return new TextDecoder(declared, { fatal: true }).decode(bytes);
    } catch (e) {
      if (e instanceof RangeError) {
        throw new StatementParseError("camt", { line: 1 }, `Unknown XML encoding "${declared}".`);
      }
      if (e instanceof TypeError) {
        throw new StatementParseError("camt", { line: 1 }, `The file is not valid ${declared}.`);
      }
      throw e;
    }
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("windows-1250").decode(bytes);
  }
}
