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

/** Other work on the machine skews every figure: say how busy it was when the benchmark began. */
export function machineLine(): string {
  const [one = 0, five = 0] = os.loadavg();
  return `machine: ${os.availableParallelism()} CPUs, load average ${one.toFixed(2)} (1 min), ${five.toFixed(2)} (5 min) before the run`;
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
