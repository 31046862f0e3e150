/**
 * `npm test`: the OpenAPI drift check, the unit and integration suite (Vitest, on PGlite — and on
 * PostgreSQL when TEST_DATABASE_URL is set), then the browser journeys (Playwright in Debian's
 * Chromium) against a built UI. Ends with one "N passed, N failed" line.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const tmp = path.join(root, ".tmp");
fs.mkdirSync(tmp, { recursive: true });
const bin = (name: string) => path.join(root, "node_modules/.bin", name);
const args = new Set(process.argv.slice(2));

let passed = 0;
let failed = 0;
const failures: string[] = [];

function step(name: string, command: string, commandArgs: string[]): boolean {
  console.log(`\n▶ ${name}`);
  const started = Date.now();
  const result = spawnSync(command, commandArgs, { stdio: "inherit", cwd: root, env: process.env });
  const ok = result.status === 0;
  console.log(`${ok ? "✔" : "✘"} ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (!ok) failures.push(name);
  return ok;
}

function countJson(file: string, kind: "vitest" | "playwright"): void {
  if (!fs.existsSync(file)) return;
  const report = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  if (kind === "vitest") {
    passed += Number(report.numPassedTests ?? 0);
    failed += Number(report.numFailedTests ?? 0);
  } else {
    const stats = report.stats as
      { expected?: number; unexpected?: number; flaky?: number } | undefined;
    passed += Number(stats?.expected ?? 0) + Number(stats?.flaky ?? 0);
    failed += Number(stats?.unexpected ?? 0);
  }
  fs.rmSync(file);
}

const node = process.execPath;
const db = process.env.TEST_DATABASE_URL ? "PostgreSQL" : "PGlite";
console.log(`Kapu test suite on ${db} (node ${process.version})`);

step("OpenAPI document and web client types are up to date", node, [
  "scripts/openapi.ts",
  "--check",
]);

const vitestJson = path.join(tmp, "vitest.json");
step(`unit and integration tests (${db})`, bin("vitest"), [
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile.json=${vitestJson}`,
]);
countJson(vitestJson, "vitest");

if (!args.has("--no-e2e")) {
  if (
    step("build the web UI", bin("vite"), [
      "build",
      "--config",
      "web/vite.config.ts",
      "--logLevel",
      "warn",
    ])
  ) {
    step(`browser journeys (${db})`, bin("playwright"), ["test", "-c", "e2e/playwright.config.ts"]);
    countJson(path.join(tmp, "playwright.json"), "playwright");
  }
}

if (failures.length > 0) console.log(`\nFailed steps: ${failures.join("; ")}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failures.length > 0 ? 1 : 0);
