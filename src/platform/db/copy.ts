import { sql, type RawBuilder } from "kysely";

/**
 * `COPY … FROM STDIN` for bulk writers on PostgreSQL (decision 50). PostgreSQL reads COPY's text
 * format with far less work than it parses the same rows out of one JSON parameter (2,000
 * documents: 17 ms against 44 ms, docs/performance.md), and that parsing was about half of what
 * a billing run cost PostgreSQL.
 *
 * Kysely has no COPY, and node-postgres needs a stream for it (pg-copy-streams). So the
 * statement travels through Kysely like any other — in order, on the transaction's connection —
 * as `COPY t (…) FROM STDIN $1` with the rows (UTF-8) as its one parameter, and the PostgreSQL
 * connection (connect.ts) recognises that shape and streams the parameter as COPY data. PGlite
 * has no such path: callers look at `database.kind` and keep their JSON statement there.
 */

/** The shape connect.ts recognises; nothing else Kysely compiles ends in `FROM STDIN $1`. */
export const COPY_STATEMENT = /^COPY "\w+" \("\w+"(?:, "\w+")*\) FROM STDIN \$1$/;

export type CopyValue = string | number | bigint | boolean | Date | object | null | undefined;

const SPECIAL = /[\\\t\n\r]/;
// Four native passes beat one pass with a callback per match on long texts (mail bodies).
const escape = (s: string) =>
  SPECIAL.test(s)
    ? s.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r")
    : s;

/** One value in COPY's text format: NULL is `\N`; objects are JSON (for json/jsonb columns). */
export function copyField(value: CopyValue, json?: Map<object, string>): string {
  if (typeof value === "string") return escape(value);
  if (value === null || value === undefined) return "\\N";
  if (typeof value === "bigint") return String(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`COPY cannot carry ${value}`);
    return String(value);
  }
  if (typeof value === "boolean") return value ? "t" : "f";
  if (value instanceof Date) return value.toISOString();
  // One object in many rows (the seller on every document) is written out once.
  let text = json?.get(value);
  if (text === undefined) {
    text = escape(JSON.stringify(value));
    json?.set(value, text);
  }
  return text;
}

/** Rows in COPY's text format: a line per row, its columns' values separated by tabs. */
export function copyText<C extends string>(
  columns: readonly C[],
  rows: readonly Readonly<Record<C, CopyValue>>[],
): string {
  let text = "";
  const json = new Map<object, string>();
  for (const row of rows) {
    for (let i = 0; i < columns.length; i++) {
      text += (i === 0 ? "" : "\t") + copyField(row[columns[i]!], json);
    }
    text += "\n";
  }
  return text;
}

/** `COPY table (columns) FROM STDIN` of rows, as a statement to execute on PostgreSQL only. */
export function copyRows<C extends string>(
  table: string,
  columns: readonly C[],
  rows: readonly Readonly<Record<C, CopyValue>>[],
): RawBuilder<unknown> {
  // Encoded now, while the statement is built (bulk writers build it while PostgreSQL is busy with
  // the previous one), not when it is sent.
  const data = Buffer.from(copyText(columns, rows));
  return sql`COPY ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))}) FROM STDIN ${data}`;
}

/** Streams COPY data into a node-postgres client's COPY statement. */
export interface CopyStream {
  rowCount: number;
  on(event: "finish", listener: () => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  end(data: Uint8Array): unknown;
}

/** Sends `data` as the rows of `stream`'s COPY; resolves like a query result once it is done. */
export function completeCopy(
  stream: CopyStream,
  data: Uint8Array,
): Promise<{ command: "COPY"; rowCount: number; rows: never[] }> {
  return new Promise((resolve, reject) => {
    stream.on("error", reject);
    stream.on("finish", () => resolve({ command: "COPY", rowCount: stream.rowCount, rows: [] }));
    stream.end(data);
  });
}
