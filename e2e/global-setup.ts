import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { simpleParser } from "mailparser";
import pg from "pg";
import { SMTPServer } from "smtp-server";
import { CONFIG_VARIABLES } from "../src/config/index.ts";
import { ENV, type ReceivedMail } from "./support/env.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 25_000; // the server forces its own exit after 20 s

/**
 * Starts everything the journeys need, once per run, in the Playwright runner process:
 *  - an SMTP server on 127.0.0.1 that writes every message it receives, parsed, as one JSON
 *    file into a temp directory (the tests run in worker processes and read it from there);
 *  - a fresh database: a temp PGlite DATA_DIR, or with TEST_DATABASE_URL a new PostgreSQL
 *    database on that server;
 *  - the demo data (`kapu demo --json`, before the server: PGlite allows one process);
 *  - the Kapu server as a child process, waited for on /readyz.
 * What the tests need is passed in environment variables, which the workers inherit.
 * Returns the teardown, which undoes all of it.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const undo: { name: string; run: () => Promise<void> }[] = [];
  const teardown = async () => {
    for (const step of undo.reverse()) {
      try {
        await step.run();
      } catch (error) {
        console.error(`e2e teardown: ${step.name} failed:`, error);
      }
    }
  };
  try {
    ensureWebBuilt();

    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kapu-e2e-"));
    undo.push({
      name: "remove temp dir",
      run: async () => fs.rmSync(tmp, { recursive: true, force: true }),
    });
    const mailDir = path.join(tmp, "mail");
    const dataDir = path.join(tmp, "data");
    fs.mkdirSync(mailDir);
    fs.mkdirSync(dataDir);

    const smtp = await startSmtp(mailDir);
    undo.push({ name: "stop SMTP server", run: smtp.close });

    const databaseUrl = await createPostgresDatabase(undo);
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    // Kapu's configuration comes from here alone, not from the caller's environment (which
    // might name a real database, or another default language).
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const variable of CONFIG_VARIABLES) delete env[variable];
    Object.assign(env, {
      NODE_ENV: "test",
      DATA_DIR: dataDir,
      HOST: "127.0.0.1",
      PORT: String(port),
      BASE_URL: baseUrl,
      SMTP_URL: smtp.url,
      // No network: VIES answers come from nowhere, checks stay offline.
      VIES_URL: "off",
      LOG_LEVEL: "warn",
      JOBS: "on",
      // Every browser and API login of the suite comes from 127.0.0.1: the per-address login
      // limit (10 a minute by default) would refuse the suite's own pace. The server tests
      // check the limit itself.
      LOGIN_RATE_LIMIT: "100",
    });
    if (databaseUrl) env.DATABASE_URL = databaseUrl;

    const demo = runDemo(env);
    const server = await startServer(env, baseUrl);
    undo.push({ name: "stop Kapu server", run: server.stop });

    process.env[ENV.baseUrl] = baseUrl;
    process.env[ENV.mailDir] = mailDir;
    process.env[ENV.demo] = demo;
    return teardown;
  } catch (error) {
    await teardown();
    throw error;
  }
}

/**
 * `npm test` builds the UI before the journeys; a bare `playwright test` gets it built here
 * (by the same script as `npm start`) when web/dist is missing or older than the UI's sources.
 */
function ensureWebBuilt(): void {
  const result = spawnSync(process.execPath, ["scripts/ensure-web.ts"], {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (result.status !== 0)
    throw new Error(`e2e: building the web UI failed (exit ${result.status})`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function startSmtp(mailDir: string): Promise<{ url: string; close: () => Promise<void> }> {
  let sequence = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const to = session.envelope.rcptTo.map((r) => r.address);
          const mail: ReceivedMail = {
            to,
            from: parsed.from?.text ?? "",
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            html: typeof parsed.html === "string" ? parsed.html : null,
            receivedAt: new Date().toISOString(),
          };
          // Write then rename, so that a reader never sees half a file.
          const name = `${String(++sequence).padStart(5, "0")}.json`;
          const file = path.join(mailDir, name);
          fs.writeFileSync(`${file}.part`, JSON.stringify(mail, null, 2));
          fs.renameSync(`${file}.part`, file);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.server.address() as net.AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** With TEST_DATABASE_URL: a new database on that server, dropped at teardown. */
async function createPostgresDatabase(
  undo: { name: string; run: () => Promise<void> }[],
): Promise<string | null> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) return null;
  const name = `kapu_e2e_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  undo.push({
    name: `drop database ${name}`,
    run: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Loads the demo provider and returns its JSON (the logins). */
function runDemo(env: NodeJS.ProcessEnv): string {
  const result = spawnSync(process.execPath, ["src/cli.ts", "demo", "--json"], {
    cwd: root,
    env,
    encoding: "utf8",
    timeout: 120_000,
  });
  if (result.status !== 0) {
    throw new Error(
      `e2e: \`kapu demo --json\` failed (exit ${result.status}, signal ${result.signal}):\n${result.stderr}\n${result.stdout}`,
    );
  }
  try {
    JSON.parse(result.stdout);
  } catch {
    throw new Error(`e2e: \`kapu demo --json\` did not print one JSON document:\n${result.stdout}`);
  }
  return result.stdout;
}

async function startServer(
  env: NodeJS.ProcessEnv,
  baseUrl: string,
): Promise<{ stop: () => Promise<void> }> {
  const logFile = path.join(root, ".tmp/e2e-server.log");
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.createWriteStream(logFile);
  const output: string[] = [];
  const child: ChildProcess = spawn(process.execPath, ["src/main.ts"], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const collect = (chunk: Buffer) => {
    log.write(chunk);
    output.push(chunk.toString("utf8"));
    if (output.length > 400) output.shift();
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const exited = new Promise<number | string>((resolve) => {
    child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown"));
  });
  const state: { exit: number | string | null } = { exit: null };
  void exited.then((status) => {
    state.exit = status;
  });

  const stop = async () => {
    if (state.exit === null) {
      child.kill("SIGTERM");
      const timer = new Promise<"timeout">((resolve) =>
        setTimeout(() => resolve("timeout"), STOP_TIMEOUT_MS).unref(),
      );
      if ((await Promise.race([exited, timer])) === "timeout") {
        child.kill("SIGKILL");
        await exited;
      }
    }
    await new Promise<void>((resolve) => log.end(() => resolve()));
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (true) {
    if (state.exit !== null) {
      await stop();
      throw new Error(
        `e2e: the Kapu server exited (${state.exit}) before it was ready. Its output:\n${output.join("")}`,
      );
    }
    const ready = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2_000) }).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ready) return { stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `e2e: the Kapu server was not ready on ${baseUrl}/readyz within ${READY_TIMEOUT_MS / 1000} s. Its output:\n${output.join("")}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
