import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventually } from "../test/wait.ts";

/**
 * The real process: `node src/main.ts` on a PGlite data dir — start-up, readiness, the one-process
 * rule for the embedded database, and graceful shutdown on SIGTERM.
 */
const root = path.resolve(import.meta.dirname, "..");
let dataDir: string;
let server: ChildProcess;
let output = "";
let port: number;

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { DATABASE_URL: _ignored, ...rest } = process.env;
  return {
    ...rest,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: "127.0.0.1",
    BASE_URL: `http://localhost:${port}`,
    LOG_LEVEL: "warn",
    ...extra,
  };
}

async function waitReady(timeoutMs: number): Promise<void> {
  await eventually(
    `the server to be ready (output: ${output})`,
    async () => {
      if (server.exitCode !== null) throw new Error(`server exited early: ${output}`);
      return fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.status === 200,
        () => false,
      );
    },
    { timeoutMs },
  );
}

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kapu-main-"));
  port = 20_000 + Math.floor(Math.random() * 20_000);
  server = spawn(process.execPath, ["src/main.ts"], { cwd: root, env: env() });
  server.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  server.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  await waitReady(60_000);
}, 90_000);

afterAll(() => {
  if (server.exitCode === null) server.kill("SIGKILL");
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe("kapu server process", () => {
  it("prints the one-time setup link on an empty database", () => {
    expect(output).toMatch(/Kapu has no staff user yet/);
    expect(output).toMatch(new RegExp(`http://localhost:${port}/setup\\?token=[\\w-]{43}`));
  });

  it("answers /healthz and /readyz", async () => {
    expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()).toEqual({
      status: "ok",
    });
    expect(await (await fetch(`http://127.0.0.1:${port}/readyz`)).json()).toEqual({
      status: "ready",
      database: true,
      jobs: true,
    });
  });

  it("tells a second process that the embedded database is in use", () => {
    const second = spawnSync(process.execPath, ["src/cli.ts", "demo", "--json"], {
      cwd: root,
      env: env(),
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(second.status).toBe(1);
    const answer = JSON.parse(second.stdout) as { error: { code: string; message: string } };
    expect(answer.error.code).toBe("data_dir_busy");
    expect(answer.error.message).toContain(`kapu server on port ${port}`);
  });

  it("stops gracefully on SIGTERM and releases the data dir", async () => {
    const exited = new Promise<number | null>((resolve) =>
      server.once("exit", (code) => resolve(code)),
    );
    server.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(fs.existsSync(path.join(dataDir, "kapu.lock"))).toBe(false);
    const migrate = spawnSync(process.execPath, ["src/cli.ts", "migrate", "--json"], {
      cwd: root,
      env: env(),
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(migrate.status).toBe(0);
    expect(JSON.parse(migrate.stdout)).toMatchObject({ applied: [] });
  }, 60_000);
});
