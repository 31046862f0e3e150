import { describe, expect, it } from "vitest";
import { COPY_STATEMENT, copyField, copyRows, copyText } from "./copy.ts";
import {
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  DummyDriver,
} from "kysely";

describe("COPY's text format", () => {
  it.each([
    ["plain text", "Kovács Kft.", "Kovács Kft."],
    ["tab, newline, carriage return", "a\tb\nc\rd", "a\\tb\\nc\\rd"],
    ["backslash (and what looks like NULL)", "\\N C:\\x", "\\\\N C:\\\\x"],
    ["empty string, not NULL", "", ""],
    ["null", null, "\\N"],
    ["undefined", undefined, "\\N"],
    ["bigint", 9007199254740993n, "9007199254740993"],
    ["number", 1.5, "1.5"],
    ["true", true, "t"],
    ["false", false, "f"],
    ["timestamp", new Date("2026-12-07T10:00:00.123Z"), "2026-12-07T10:00:00.123Z"],
    ["json object, escaped", { a: "x\ty", b: [1] }, '{"a":"x\\\\ty","b":[1]}'],
  ])("%s", (_name, value, text) => {
    expect(copyField(value)).toBe(text);
  });

  it("refuses a number PostgreSQL would not read back", () => {
    expect(() => copyField(Number.NaN)).toThrow(RangeError);
    expect(() => copyField(Infinity)).toThrow(RangeError);
  });

  it("writes a line per row, columns in the order given", () => {
    expect(
      copyText(
        ["b", "a"],
        [
          { a: 1, b: "x" },
          { a: null, b: "y\nz" },
        ],
      ),
    ).toBe("x\t1\ny\\nz\t\\N\n");
    expect(copyText(["a"], [])).toBe("");
  });

  it("compiles to the one shape the PostgreSQL connection streams", () => {
    const db = new Kysely<Record<string, never>>({
      dialect: {
        createAdapter: () => new PostgresAdapter(),
        createDriver: () => new DummyDriver(),
        createIntrospector: (k) => new PostgresIntrospector(k),
        createQueryCompiler: () => new PostgresQueryCompiler(),
      },
    });
    const compiled = copyRows(
      "mail_outbox",
      ["id", "to_address"],
      [{ id: "m1", to_address: "a@b.hu" }],
    ).compile(db);
    expect(compiled.sql).toBe('COPY "mail_outbox" ("id", "to_address") FROM STDIN $1');
    expect(compiled.parameters).toEqual([Buffer.from("m1\ta@b.hu\n")]);
    expect(COPY_STATEMENT.test(compiled.sql)).toBe(true);
    expect(COPY_STATEMENT.test("SELECT 1 FROM STDIN $1")).toBe(false);
    expect(COPY_STATEMENT.test('COPY "t" ("a") FROM STDIN $1; DROP TABLE x')).toBe(false);
  });
});
