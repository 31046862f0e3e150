import fs from "node:fs";
import path from "node:path";

/**
 * PGlite belongs to one process. The data dir carries a lock file naming the process that holds
 * it; a second process gets a clear message instead of a corrupted data dir.
 */
export class DataDirBusyError extends Error {
  readonly pid: number;
  constructor(dataDir: string, pid: number, holder: string) {
    super(
      `The embedded database in ${dataDir} is in use by another Kapu process (pid ${pid}, ${holder}). ` +
        `PGlite allows one process at a time: stop that process first (for example the running server), ` +
        `then run this command again — or run Kapu on PostgreSQL (DATABASE_URL) to use several processes.`,
    );
    this.name = "DataDirBusyError";
    this.pid = pid;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export interface DataDirLock {
  release(): void;
}

export function lockDataDir(dataDir: string, holder: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "kapu.lock");
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = fs.openSync(file, "wx");
      fs.writeSync(
        fd,
        JSON.stringify({ pid: process.pid, holder, since: new Date().toISOString() }),
      );
      fs.closeSync(fd);
      let released = false;
      const release = (): void => {
        if (released) return;
        released = true;
        process.removeListener("exit", release);
        try {
          const current = JSON.parse(fs.readFileSync(file, "utf8")) as { pid?: number };
          if (current.pid === process.pid) fs.unlinkSync(file);
        } catch {
          // already gone
        }
      };
      process.on("exit", release);
      return { release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      let owner: { pid?: number; holder?: string } = {};
      try {
        owner = JSON.parse(fs.readFileSync(file, "utf8")) as typeof owner;
      } catch {
        // half-written or unreadable: treat as stale
      }
      if (typeof owner.pid === "number" && isAlive(owner.pid)) {
        throw new DataDirBusyError(dataDir, owner.pid, owner.holder ?? "unknown");
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}
