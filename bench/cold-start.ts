import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, sleep } from "./lib/net.ts";
import {
  goalLine,
  machineLine,
  median,
  round,
  say,
  type Benchmark,
  type BenchResult,
} from "./lib/result.ts";

/**
 * `cold-start`: how long `npm start` (node src/main.ts) takes, on an existing PGlite data dir,
 * until GET /readyz answers 200. The data dir is prepared by one start and stop first, so the
 * timed starts find migrations applied and the job schema installed, as a restart in production
 * does.
 */
const REPO = path.resolve(import.meta.dirname, "..");
const RUNS = 5;
const GOAL_MS = 5_000;
const POLL_MS = 10;
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;
const OUTPUT_KEPT = 8_000;

interface Started {
  ms: number;
  stop(): Promise<void>;
}

class Server {
  readonly child: ChildProcess;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  #output = "";
  #exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;

  constructor(dataDir: string, port: number) {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
    };
    delete env.DATABASE_URL; // the embedded database (PGlite) is what this benchmark times
    delete env.BASE_URL;
    this.child = spawn(process.execPath, ["src/main.ts"], {
      cwd: REPO,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const keep = (chunk: Buffer) => {
      this.#output = (this.#output + chunk.toString("utf8")).slice(-OUTPUT_KEPT);
    };
    this.child.stdout?.on("data", keep);
    this.child.stderr?.on("data", keep);
    this.exited = new Promise((resolve) => {
      this.child.once("exit", (code, signal) => {
        this.#exit = { code, signal };
        resolve({ code, signal });
      });
    });
  }

  get exit() {
    return this.#exit;
  }

  get output(): string {
    return this.#output.trim();
  }

  /** SIGTERM and wait for a clean exit (code 0); SIGKILL and fail after STOP_TIMEOUT_MS. */
  async stop(): Promise<void> {
    if (this.#exit) return;
    this.child.kill("SIGTERM");
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), STOP_TIMEOUT_MS);
    });
    const outcome = await Promise.race([this.exited, timeout]);
    clearTimeout(timer);
    if (outcome === "timeout") {
      this.child.kill("SIGKILL");
      await this.exited;
      throw new Error(
        `the server did not stop within ${STOP_TIMEOUT_MS} ms of SIGTERM\n${this.output}`,
      );
    }
    if (outcome.code !== 0) {
      throw new Error(
        `the server exited with code ${String(outcome.code)} (${String(outcome.signal)}) on SIGTERM\n${this.output}`,
      );
    }
  }
}

async function isReady(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/readyz`, {
      signal: AbortSignal.timeout(2_000),
    });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false; // not listening yet
  }
}

/** Starts the server and returns the time from spawn to the first 200 from /readyz. */
async function startUntilReady(dataDir: string): Promise<Started> {
  const port = await freePort();
  const startedAt = performance.now();
  const server = new Server(dataDir, port);
  try {
    while (performance.now() - startedAt < READY_TIMEOUT_MS) {
      if (server.exit) {
        throw new Error(
          `the server exited (code ${String(server.exit.code)}) before it was ready\n${server.output}`,
        );
      }
      if (await isReady(port)) {
        const ms = performance.now() - startedAt;
        return { ms, stop: () => server.stop() };
      }
      await sleep(POLL_MS);
    }
    throw new Error(`the server was not ready within ${READY_TIMEOUT_MS} ms\n${server.output}`);
  } catch (error) {
    if (!server.exit) {
      server.child.kill("SIGKILL");
      await server.exited;
    }
    throw error;
  }
}

async function timed(action: () => Promise<void>): Promise<number> {
  const startedAt = performance.now();
  await action();
  return performance.now() - startedAt;
}

async function run(): Promise<BenchResult> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kapu-bench-cold-"));
  try {
    say(`cold-start: node ${process.versions.node}, data dir ${dataDir}`);
    say(await machineLine());
    const first = await startUntilReady(dataDir);
    const firstStop = await timed(() => first.stop());
    say(
      `  preparing: first start on an empty data dir (migrations, job schema) ${round(first.ms)} ms, stop ${round(firstStop)} ms`,
    );

    const times: number[] = [];
    for (let i = 1; i <= RUNS; i++) {
      const started = await startUntilReady(dataDir);
      const stopMs = await timed(() => started.stop());
      times.push(started.ms);
      say(
        `  run ${i}/${RUNS}: ready after ${round(started.ms)} ms (SIGTERM to exit: ${round(stopMs)} ms)`,
      );
    }
    const value = round(median(times));
    say(
      `cold start to GET /readyz = 200: median ${value} ms, min ${round(Math.min(...times))} ms, max ${round(Math.max(...times))} ms`,
    );
    say(goalLine(`median ≤ ${GOAL_MS} ms`, value <= GOAL_MS));
    return { name: "cold-start", value, unit: "ms", floor: null, ratio: null };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export const coldStart: Benchmark = {
  name: "cold-start",
  description: `npm start on an existing PGlite data dir until GET /readyz = 200; median of ${RUNS} (goal ≤ ${GOAL_MS} ms)`,
  run,
};
