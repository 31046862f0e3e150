/**
 * Run before `npm start`: builds the web UI when web/dist is missing or older than its sources,
 * so a fresh clone needs nothing but `npm ci && npm start`. A no-op (a few ms) otherwise.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const built = path.join(root, "web/dist/index.html");

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

const sources = [
  path.join(root, "web/src"),
  path.join(root, "web/index.html"),
  path.join(root, "web/vite.config.ts"),
];
const sourceTime = Math.max(
  ...sources.map((s) => (fs.statSync(s).isDirectory() ? newestSource(s) : fs.statSync(s).mtimeMs)),
);
if (!fs.existsSync(built) || fs.statSync(built).mtimeMs < sourceTime) {
  console.log("Building the web UI (first start or changed sources)…");
  const result = spawnSync(
    path.join(root, "node_modules/.bin/vite"),
    ["build", "--config", "web/vite.config.ts", "--logLevel", "warn"],
    {
      cwd: root,
      stdio: "inherit",
    },
  );
  if (result.status !== 0) process.exit(result.status ?? 1);
}
