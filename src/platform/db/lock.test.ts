import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { DataDirBusyError, lockDataDir } from "./lock.ts";

const dirs: string[] = [];
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "kapu-lock-"));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe("PGlite data dir lock", () => {
  it("refuses a second holder with a message that says what to do", () => {
    const dir = tempDir();
    const lock = lockDataDir(dir, "kapu server on port 3000");
    try {
      expect(() => lockDataDir(dir, "kapu demo")).toThrow(DataDirBusyError);
      expect(() => lockDataDir(dir, "kapu demo")).toThrow(
        /in use by another Kapu process .*kapu server on port 3000.*stop that process first/s,
      );
    } finally {
      lock.release();
    }
    lockDataDir(dir, "kapu demo").release();
  });

  it("takes over a lock left by a process that died", () => {
    const dir = tempDir();
    const dead = spawnSync(process.execPath, ["-e", "process.exit(0)"]).pid;
    fs.writeFileSync(path.join(dir, "kapu.lock"), JSON.stringify({ pid: dead, holder: "crashed" }));
    const lock = lockDataDir(dir, "new");
    expect(JSON.parse(fs.readFileSync(path.join(dir, "kapu.lock"), "utf8"))).toMatchObject({
      pid: process.pid,
      holder: "new",
    });
    lock.release();
    expect(fs.existsSync(path.join(dir, "kapu.lock"))).toBe(false);
  });

  it("refuses another live process's lock", () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, "kapu.lock"),
      JSON.stringify({ pid: process.ppid, holder: "the parent" }),
    );
    expect(() => lockDataDir(dir, "me")).toThrow(DataDirBusyError);
  });
});
