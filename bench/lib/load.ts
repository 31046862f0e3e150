import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

export interface LoadSpec {
  /** http://127.0.0.1:<port> */
  url: string;
  connections: number;
  durationSeconds: number;
  /** GET paths, used round-robin. */
  paths: string[];
  /** Cookie header values (sessions), used round-robin; empty = none. */
  cookies: string[];
  /**
   * Distinct client addresses sent as X-Forwarded-For, round-robin, as if the clients were many
   * people behind a reverse proxy (the app's per-address rate limit would refuse one address).
   */
  clientAddresses: number;
}

export interface LoadSummary {
  durationSeconds: number;
  /** Mean of the per-second samples, as autocannon reports it. */
  requestsPerSecond: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  latencyMs: { p50: number; p90: number; p99: number; max: number; average: number };
  /** CPU time the load generator itself used during the run. */
  cpuMs: number;
}

const CHILD = path.join(import.meta.dirname, "load-child.ts");
const run = promisify(execFile);

/** Runs autocannon in a child process (same Node binary) and returns its summary. */
export async function runLoad(spec: LoadSpec): Promise<LoadSummary> {
  const { stdout } = await run(process.execPath, [CHILD, JSON.stringify(spec)], {
    maxBuffer: 1024 * 1024,
    timeout: (spec.durationSeconds + 60) * 1000,
  });
  const last = stdout.trim().split("\n").at(-1) ?? "";
  return JSON.parse(last) as LoadSummary;
}

/** Fails when the run was not clean: every answer must be a 2xx. */
export function assertClean(label: string, summary: LoadSummary): void {
  if (summary.non2xx > 0 || summary.errors > 0 || summary.timeouts > 0 || summary.ok === 0) {
    throw new Error(
      `${label}: ${summary.ok} ok, ${summary.non2xx} non-2xx ${JSON.stringify(summary.statusCodes)}, ` +
        `${summary.errors} errors, ${summary.timeouts} timeouts`,
    );
  }
}
