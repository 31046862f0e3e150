import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { listMigrations, migrate, openPglite, openPostgres } from "./index.ts";

describe("migrations", () => {
  it("are numbered, forward-only SQL files", () => {
    const names = listMigrations().map((m) => m.name);
    expect(names.length).toBeGreaterThan(0);
    expect([...names].sort()).toEqual(names);
  });

  it("apply once; a second run changes nothing", async () => {
    const database = await openPglite({});
    try {
      const first = await migrate(database);
      expect(first.applied).toEqual(listMigrations().map((m) => m.name));
      const second = await migrate(database);
      expect(second).toEqual({ applied: [], alreadyApplied: first.applied.length });
    } finally {
      await database.close();
    }
  });

  it("roll back whole when one fails, and name it", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kapu-mig-"));
    fs.writeFileSync(path.join(dir, "0001_good.sql"), "CREATE TABLE good (id int);");
    fs.writeFileSync(
      path.join(dir, "0002_bad.sql"),
      "CREATE TABLE bad (id int); SELECT nonsense FROM nowhere;",
    );
    const database = await openPglite({});
    try {
      await expect(migrate(database, dir)).rejects.toThrow(/Migration 0002_bad.sql failed/);
      const rows = await database.raw.executeSql("SELECT to_regclass('good') AS t");
      expect(rows.rows[0]).toEqual({ t: null });
    } finally {
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("two processes starting together migrate once (PostgreSQL: two pools; PGlite: one handle)", async () => {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) {
      const database = await openPglite({});
      try {
        const [ra, rb] = await Promise.all([migrate(database), migrate(database)]);
        expect([ra.applied.length, rb.applied.length].sort()).toEqual([0, listMigrations().length]);
      } finally {
        await database.close();
      }
      return;
    }
    const name = `kapu_mig_${randomBytes(5).toString("hex")}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const target = new URL(url);
    target.pathname = `/${name}`;
    const a = openPostgres(target.toString(), 2);
    const b = openPostgres(target.toString(), 2);
    try {
      const [ra, rb] = await Promise.all([migrate(a), migrate(b)]);
      const total = listMigrations().length;
      expect([ra.applied.length, rb.applied.length].sort()).toEqual([0, total]);
    } finally {
      await a.close();
      await b.close();
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.end();
    }
  });
});
