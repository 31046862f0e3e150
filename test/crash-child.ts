import { spawn } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { sql } from "kysely";
import { TEST_NOW, type TestRuntime } from "./db.ts";

const ROOT = path.resolve(import.meta.dirname, "..");

/**
 * A real crash on PostgreSQL: runs `body` in a child process with its own runtime (`rt`) on the
 * test's database, then kills the child (SIGKILL) as soon as its standard output contains
 * `killWhen`. `modules` are imported first (name → path from the repository root); `env` is
 * passed to the child. Fails when the child exits by itself.
 */
export async function runInChildAndKill(
  rt: TestRuntime,
  o: {
    modules: Record<string, string>;
    body: string;
    killWhen: string;
    env?: Record<string, string>;
  },
): Promise<void> {
  const name = (await sql<{ db: string }>`SELECT current_database() AS db`.execute(rt.db)).rows[0]
    ?.db;
  const url = new URL(process.env.TEST_DATABASE_URL ?? "");
  url.pathname = `/${name}`;
  const mod = (p: string) => JSON.stringify(pathToFileURL(path.join(ROOT, p)).href);
  const imports = Object.entries(o.modules)
    .map(([n, p]) => `const { ${n} } = await import(${mod(p)});`)
    .join("\n");
  const script = `
    const { loadConfig } = await import(${mod("src/config/index.ts")});
    const { createLogger } = await import(${mod("src/platform/logger.ts")});
    const { FixedClock } = await import(${mod("src/platform/clock.ts")});
    const { createRuntime } = await import(${mod("src/runtime.ts")});
    ${imports}
    const config = loadConfig({ NODE_ENV: "test", DATABASE_URL: process.env.CHILD_DB, BASE_URL: "http://kapu.test", LOG_LEVEL: "silent", VIES_URL: "off", JOBS: "off" });
    const rt = await createRuntime(config, createLogger("silent"), { holder: "crash child", clock: new FixedClock(${JSON.stringify(TEST_NOW)}), mailTransport: null, maintenance: false });
    ${o.body}
  `;
  const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
    env: { ...process.env, ...o.env, CHILD_DB: url.toString() },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes(o.killWhen)) {
        child.kill("SIGKILL");
        resolve();
      }
    });
    child.on("exit", (code, signal) => {
      if (signal !== "SIGKILL") reject(new Error(`child exited ${code}: ${stderr}`));
    });
  });
  await new Promise((resolve) => child.once("exit", resolve));
}
