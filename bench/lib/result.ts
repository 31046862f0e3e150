import fs from "node:fs";
import os from "node:os";

/**
 * What every benchmark ends with: one JSON line, the last line of its output, so that runs can be
 * compared by a script. `floor`/`ratio` are null where the benchmark has no floor to compare with.
 */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  floor: number | null;
  ratio: number | null;
}

export interface Benchmark {
  name: string;
  description: string;
  run(): Promise<BenchResult>;
}

/** Human-readable progress and figures; the machine-readable result is printed by run.ts. */
export function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function cpuTimes(): { idle: number; total: number } | null {
  try {
    const line = fs.readFileSync("/proc/stat", "utf8").split("\n", 1)[0] ?? "";
    const ticks = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0); // idle + iowait
    return { idle, total: ticks.reduce((a, b) => a + b, 0) };
  } catch {
    return null; // not Linux
  }
}

/** Busy share of the machine's CPUs over one second (Linux), null elsewhere. */
export async function busyShare(): Promise<number | null> {
  const before = cpuTimes();
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const after = cpuTimes();
  if (!before || !after || after.total === before.total) return null;
  return 1 - (after.idle - before.idle) / (after.total - before.total);
}

/**
 * Other work on the machine skews every figure: measures how busy the CPUs are for one second
 * before the benchmark starts (the load average would still show the previous benchmark).
 */
export async function machineLine(): Promise<string> {
  const busy = await busyShare();
  const cpus = os.availableParallelism();
  if (busy === null) {
    const [one = 0] = os.loadavg();
    return `machine: ${cpus} CPUs, load average ${one.toFixed(2)} before the run`;
  }
  const line = `machine: ${cpus} CPUs, ${Math.round(busy * 100)}% busy in the second before the run`;
  return busy > 0.1
    ? `${line}\nwarning: other work is running; the figures will be lower and noisier than on an idle machine`
    : line;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("median of nothing");
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[mid - 1] ?? 0) + upper) / 2;
}

/** Rounds for display and for the JSON line (figures, not money). */
export function round(value: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function goalLine(what: string, met: boolean): string {
  return `goal ${what}: ${met ? "met" : "NOT MET"}`;
}
