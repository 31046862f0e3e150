import { billingRun } from "./billing-run.ts";
import { bulkIssue } from "./bulk-issue.ts";
import { coldStart } from "./cold-start.ts";
import { delivery } from "./delivery.ts";
import { myServices } from "./my-services.ts";
import { pdf } from "./pdf.ts";
import { statementImport } from "./statement-import.ts";
import type { Benchmark } from "./lib/result.ts";

/**
 * `npm run bench -- <name>` runs one benchmark; `all` runs every one; no name lists them.
 * Each benchmark's last line of output is one JSON object: {"name","value","unit","floor","ratio"}.
 */
const BENCHMARKS: readonly Benchmark[] = [
  coldStart,
  myServices,
  pdf,
  bulkIssue,
  statementImport,
  billingRun,
  delivery,
];

function list(): void {
  process.stdout.write("Benchmarks (npm run bench -- <name>, or `all`):\n");
  for (const b of BENCHMARKS) process.stdout.write(`  ${b.name.padEnd(12)} ${b.description}\n`);
}

async function main(args: string[]): Promise<number> {
  const name = args[0];
  if (name === undefined || name === "--help" || name === "-h") {
    list();
    return 0;
  }
  const selected = name === "all" ? BENCHMARKS : BENCHMARKS.filter((b) => b.name === name);
  if (selected.length === 0) {
    process.stderr.write(`Unknown benchmark "${name}".\n`);
    list();
    return 2;
  }
  for (const benchmark of selected) {
    try {
      const result = await benchmark.run();
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } catch (error) {
      process.stderr.write(
        `${benchmark.name} failed: ${error instanceof Error ? error.message : String(error)}\n`,
      );
      return 1;
    }
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
