import { describe, expect, it } from "vitest";
import { sql } from "kysely";
import { openTestDatabase } from "../../../test/db.ts";
import { openPostgres } from "./index.ts";

describe("database connections", () => {
  it("return int8 as bigint, date as YYYY-MM-DD and numeric as a decimal string on both drivers", async () => {
    const database = await openTestDatabase();
    try {
      const { rows } = await sql<{ big: bigint; day: string; dec: string }>`
        SELECT 9007199254740993::int8 AS big, DATE '2026-03-29' AS day, 1.50::numeric(6,2) AS dec
      `.execute(database.db);
      expect(rows[0]).toEqual({ big: 9007199254740993n, day: "2026-03-29", dec: "1.50" });
    } finally {
      await database.close();
      await database.drop();
    }
  });

  it("runs parameterised SELECTs as prepared statements on PostgreSQL (plain queries on PGlite)", async () => {
    const url = process.env.TEST_DATABASE_URL;
    const database = url ? openPostgres(url, 1) : await openTestDatabase();
    try {
      const select = () => sql<{ n: number }>`SELECT ${41}::int + 1 AS n`.execute(database.db);
      expect((await select()).rows).toEqual([{ n: 42 }]);
      expect((await select()).rows).toEqual([{ n: 42 }]);
      const { rows } = await sql<{ name: string }>`
        SELECT name FROM pg_prepared_statements WHERE statement LIKE ${"%::int + 1 AS n%"}
      `.execute(database.db);
      expect(rows.map((r) => r.name)).toEqual(url ? [expect.stringMatching(/^k_[\w-]{27}$/)] : []);
    } finally {
      await database.close();
    }
  });
});
