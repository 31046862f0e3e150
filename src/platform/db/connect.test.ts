import { describe, expect, it } from "vitest";
import { sql } from "kysely";
import { openTestDatabase } from "../../../test/db.ts";
import { openPostgres } from "./index.ts";
import { copyRows } from "./copy.ts";

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

describe("COPY FROM STDIN (copyRows), on both drivers", () => {
  it("copies awkward values exactly, in order with the transaction's other statements", async () => {
    const database = await openTestDatabase();
    try {
      const awkward = "tab\there\nnew line\r\\back\\slash \\N ünnepi 💶";
      const full = {
        id: 1,
        t: awkward,
        n: 9007199254740993n,
        at: new Date("2026-12-07T10:00:00.123Z"),
        b: true,
        j: { note: awkward, list: [1, null] },
        d: "2026-12-07",
      };
      const result = await database.db.transaction().execute(async (tx) => {
        await sql`CREATE TEMP TABLE copy_probe (id int PRIMARY KEY, t text, n bigint,
          at timestamptz, b boolean, j jsonb, d date) ON COMMIT DROP`.execute(tx);
        const copied = copyRows(
          "copy_probe",
          ["id", "t", "n", "at", "b", "j", "d"],
          [full, { id: 2, t: null, n: undefined, at: null, b: false, j: null, d: null }],
        );
        // Not awaited: the count is queued behind the COPY on the same connection.
        const first = copied.execute(tx);
        const after = sql<{
          count: string;
        }>`SELECT count(*)::text AS count FROM copy_probe`.execute(tx);
        await first;
        const { rows } = await sql`SELECT * FROM copy_probe ORDER BY id`.execute(tx);
        return { rows, count: (await after).rows[0]!.count };
      });
      expect(result.count).toBe("2");
      // Read back as written; undefined, like null, is NULL.
      expect(result.rows).toEqual([
        full,
        { id: 2, t: null, n: null, at: null, b: false, j: null, d: null },
      ]);
    } finally {
      await database.close();
      await database.drop();
    }
  });

  it("fails the transaction on a bad row, keeps nothing, and the connection goes on serving", async () => {
    const database = await openTestDatabase();
    try {
      await sql`CREATE TABLE copy_probe_kept (id int PRIMARY KEY)`.execute(database.db);
      const attempt = database.db.transaction().execute(async (tx) => {
        await copyRows("copy_probe_kept", ["id"], [{ id: 1 }]).execute(tx);
        await copyRows("copy_probe_kept", ["id"], [{ id: 2 }, { id: 2 }]).execute(tx);
      });
      await expect(attempt).rejects.toMatchObject({ code: "23505" });
      const { rows } = await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM copy_probe_kept`.execute(database.db);
      expect(rows).toEqual([{ n: 0 }]);
      await copyRows("copy_probe_kept", ["id"], [{ id: 3 }]).execute(database.db);
      const again = await sql<{ id: number }>`SELECT id FROM copy_probe_kept`.execute(database.db);
      expect(again.rows).toEqual([{ id: 3 }]);
    } finally {
      await database.close();
      await database.drop();
    }
  });
});
