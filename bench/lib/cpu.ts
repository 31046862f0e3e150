import fs from "node:fs";

/**
 * CPU time spent, to say where the time per request goes on a machine whose cores the server,
 * PostgreSQL and the load generator share. Unlike wall-clock figures, CPU time per request is
 * much less disturbed by other work on the machine.
 */
export interface CpuSample {
  /** This process (the server under test and its pg client), ms. */
  processMs: number;
  /** PostgreSQL backends serving `user`@`database` on this machine, ms; null when not visible. */
  postgresMs: number | null;
}

/** Linux reports process CPU time in clock ticks of 1/100 s (USER_HZ). */
const MS_PER_TICK = 10;

function postgresBackendsMs(user: string, database: string): number | null {
  if (!fs.existsSync("/proc/self/stat")) return null;
  let ticks = 0;
  let found = false;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // A backend's title: "postgres: 15/main: <user> <database> 127.0.0.1(port) idle"
      const title = fs.readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (!title.startsWith("postgres: ") || !title.includes(` ${user} ${database} `)) continue;
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
      found = true;
    } catch {
      // the process ended meanwhile
    }
  }
  return found ? ticks * MS_PER_TICK : null;
}

export class CpuProbe {
  readonly #user: string | null;
  readonly #database: string | null;

  /** Backends are looked up only when the database is on this machine. */
  constructor(connectionString: string) {
    const url = new URL(connectionString);
    const local = ["127.0.0.1", "localhost", "[::1]", ""].includes(url.hostname);
    this.#user = local ? decodeURIComponent(url.username) : null;
    this.#database = local ? decodeURIComponent(url.pathname.slice(1)) : null;
  }

  sample(): CpuSample {
    const usage = process.cpuUsage();
    return {
      processMs: (usage.user + usage.system) / 1000,
      postgresMs:
        this.#user && this.#database ? postgresBackendsMs(this.#user, this.#database) : null,
    };
  }
}
