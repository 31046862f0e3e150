import os from "node:os";
import type { FastifyInstance } from "fastify";
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from "kysely";
import { buildApp } from "../src/app.ts";
import { loadConfig } from "../src/config/index.ts";
import { createLogger } from "../src/platform/logger.ts";
import { openPostgres, type Database } from "../src/platform/db/index.ts";
import { createRuntime, type Runtime } from "../src/runtime.ts";
import { CpuProbe } from "./lib/cpu.ts";
import { sleep } from "./lib/net.ts";
import { startFloorServer } from "./lib/floor-server.ts";
import { assertClean, runLoad, type LoadSpec, type LoadSummary } from "./lib/load.ts";
import {
  BENCH_PASSWORD,
  benchDatabaseUrl,
  benchId,
  benchLogins,
  checkConnection,
  CUSTOMERS,
  prepareData,
  SERVICES_PER_CUSTOMER,
  type BenchLogin,
} from "./lib/pg-fixture.ts";
import {
  goalLine,
  machineLine,
  round,
  say,
  type Benchmark,
  type BenchResult,
} from "./lib/result.ts";

/**
 * `my-services`: GET /api/me/services (a logged-in customer with 10 services) on PostgreSQL with
 * 100,000 customers and 1,000,000 services, 50 connections for 10 s, against the real app; then
 * the same load on a floor server (one primary-key SELECT, same pool size). Also counts the SQL
 * statements per request, which must not depend on how many services the customer has.
 */
const CONNECTIONS = 50;
const DURATION_S = 10;
const WARMUP_S = 3;
const COUNTED_REQUESTS = 100;
/** X-Forwarded-For addresses: at most a few hundred requests each per minute (limit: 600). */
const CLIENT_ADDRESSES = 1024;
const GOAL_RATIO = 0.6;
const GOAL_P99_MS = 25;
const SERVICES_PATH = "/api/me/services";

/** Counts the statements the app executes through its Kysely handle (every repo query). */
class StatementCounter implements KyselyPlugin {
  count = 0;

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.count++;
    return Promise.resolve(args.result);
  }
}

interface KapuServer {
  url: string;
  counter: StatementCounter;
  /** Requests the app has received (an onRequest hook), to divide statements by under load. */
  requests(): number;
  poolSize: number;
  close(): Promise<void>;
}

async function startKapu(url: string): Promise<KapuServer> {
  // TRUST_PROXY: the load generator sends X-Forwarded-For, as a reverse proxy would, so that the
  // per-address rate limit sees many clients instead of one.
  const config = loadConfig({
    NODE_ENV: "production",
    DATABASE_URL: url,
    HOST: "127.0.0.1",
    PORT: "0",
    LOG_LEVEL: "silent",
    TRUST_PROXY: "true",
    JOBS: "off",
  });
  const counter = new StatementCounter();
  let requests = 0;
  const opened = openPostgres(url, config.databasePoolSize);
  const database: Database = { ...opened, db: opened.db.withPlugin(counter) };
  let runtime: Runtime | undefined;
  let app: FastifyInstance | undefined;
  try {
    runtime = await createRuntime(config, createLogger("silent"), {
      holder: "bench my-services",
      database,
      mailTransport: null,
      maintenance: false,
    });
    app = await buildApp(runtime, { logger: false });
    app.addHook("onRequest", (_request, _reply, done) => {
      requests++;
      done();
    });
    await app.listen({ host: "127.0.0.1", port: 0 });
  } catch (error) {
    await app?.close();
    if (runtime) await runtime.close();
    else await database.close();
    throw error;
  }
  const address = app.server.address();
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  const started = { app, runtime };
  return {
    url: `http://127.0.0.1:${address.port}`,
    counter,
    requests: () => requests,
    poolSize: config.databasePoolSize,
    async close() {
      await started.app.close();
      await started.runtime.close();
    },
  };
}

/** Waits until the app has stopped issuing statements (at most 2 s). */
async function settled(counter: StatementCounter): Promise<void> {
  let last = -1;
  for (let i = 0; i < 40 && counter.count !== last; i++) {
    last = counter.count;
    await sleep(50);
  }
}

/** Logs in through the API; returns the Cookie header value of the session. */
async function logIn(baseUrl: string, login: BenchLogin, clientNumber: number): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": `10.78.0.${clientNumber}` },
    body: JSON.stringify({ email: login.email, password: BENCH_PASSWORD }),
  });
  const body = await response.text();
  if (response.status !== 200)
    throw new Error(`login as ${login.email}: HTTP ${response.status} ${body}`);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith("kapu_session="));
  if (!cookie) throw new Error(`login as ${login.email}: no session cookie`);
  return cookie.split(";")[0] ?? "";
}

async function getServices(baseUrl: string, cookie: string): Promise<unknown[]> {
  const response = await fetch(`${baseUrl}${SERVICES_PATH}`, {
    headers: { cookie, "x-forwarded-for": "10.78.1.1" },
  });
  const body = (await response.json()) as { items?: unknown[] };
  if (response.status !== 200 || !Array.isArray(body.items)) {
    throw new Error(`GET ${SERVICES_PATH}: HTTP ${response.status} ${JSON.stringify(body)}`);
  }
  return body.items;
}

/** Statements per request over COUNTED_REQUESTS sequential requests; checks the item count. */
async function statementsPerRequest(
  kapu: KapuServer,
  login: BenchLogin,
  cookie: string,
): Promise<number> {
  const before = kapu.counter.count;
  for (let i = 0; i < COUNTED_REQUESTS; i++) {
    const items = await getServices(kapu.url, cookie);
    if (items.length !== login.services) {
      throw new Error(`${login.email} sees ${items.length} services, expected ${login.services}`);
    }
  }
  return (kapu.counter.count - before) / COUNTED_REQUESTS;
}

interface Measured {
  summary: LoadSummary;
  /** CPU time per answered request, µs: the server process, PostgreSQL backends, autocannon. */
  cpuUs: { server: number; postgres: number | null; loadGenerator: number };
}

function describe(label: string, m: Measured): string {
  const s = m.summary;
  const pgCpu = m.cpuUs.postgres === null ? "n/a" : `${round(m.cpuUs.postgres)} µs`;
  return (
    `${label}: ${round(s.requestsPerSecond)} req/s, latency p50 ${s.latencyMs.p50} ms, p99 ${s.latencyMs.p99} ms, ` +
    `max ${s.latencyMs.max} ms (${s.ok} responses in ${s.durationSeconds} s)\n` +
    `    CPU per request: server ${round(m.cpuUs.server)} µs, PostgreSQL ${pgCpu}, load generator ${round(m.cpuUs.loadGenerator)} µs`
  );
}

/** A warm-up run, then the measured run; both must answer 2xx only. */
async function warmAndMeasure(label: string, spec: LoadSpec, probe: CpuProbe): Promise<Measured> {
  const warm = await runLoad({ ...spec, durationSeconds: WARMUP_S });
  assertClean(`${label} (warm-up)`, warm);
  const before = probe.sample();
  const summary = await runLoad(spec);
  const after = probe.sample();
  assertClean(label, summary);
  const perRequest = (ms: number) => (ms * 1000) / summary.ok;
  const measured: Measured = {
    summary,
    cpuUs: {
      server: perRequest(after.processMs - before.processMs),
      postgres:
        after.postgresMs === null || before.postgresMs === null
          ? null
          : perRequest(after.postgresMs - before.postgresMs),
      loadGenerator: perRequest(summary.cpuMs),
    },
  };
  say(`  ${describe(label, measured)}`);
  return measured;
}

async function measureKapu(
  url: string,
  probe: CpuProbe,
): Promise<{ measured: Measured; statements: number; poolSize: number }> {
  const kapu = await startKapu(url);
  try {
    const logins = benchLogins();
    const cookies: string[] = [];
    for (const [i, login] of logins.tenServices.entries())
      cookies.push(await logIn(kapu.url, login, i + 1));
    const oneCookie = await logIn(kapu.url, logins.oneService, logins.tenServices.length + 1);
    const [firstLogin] = logins.tenServices;
    const [firstCookie] = cookies;
    if (!firstLogin || !firstCookie) throw new Error("no benchmark logins");

    const ten = await statementsPerRequest(kapu, firstLogin, firstCookie);
    const one = await statementsPerRequest(kapu, logins.oneService, oneCookie);
    say(
      `  SQL statements per GET ${SERVICES_PATH}: ${ten} (customer with ${SERVICES_PER_CUSTOMER} services), ${one} (customer with 1 service)`,
    );
    if (ten !== one || !Number.isInteger(ten)) {
      throw new Error(`statements per request depend on the data: ${ten} vs ${one} (N+1 queries?)`);
    }

    const spec: LoadSpec = {
      url: kapu.url,
      connections: CONNECTIONS,
      durationSeconds: DURATION_S,
      paths: [SERVICES_PATH],
      cookies,
      clientAddresses: CLIENT_ADDRESSES,
    };
    const statementsBefore = kapu.counter.count;
    const requestsBefore = kapu.requests();
    const measured = await warmAndMeasure(
      `Kapu GET ${SERVICES_PATH} (${cookies.length} customers round-robin)`,
      spec,
      probe,
    );
    await settled(kapu.counter); // requests still in flight when the load generator stopped
    const underLoad = (kapu.counter.count - statementsBefore) / (kapu.requests() - requestsBefore);
    say(
      `  SQL statements per request under load (all requests of warm-up and run): ${round(underLoad, 3)}`,
    );
    if (underLoad !== ten)
      throw new Error(`under load the app ran ${underLoad} statements per request, not ${ten}`);
    return { measured, statements: ten, poolSize: kapu.poolSize };
  } finally {
    await kapu.close();
  }
}

async function measureFloor(url: string, poolSize: number, probe: CpuProbe): Promise<Measured> {
  const floor = await startFloorServer(url, poolSize);
  try {
    const logins = benchLogins();
    // The services of the logged-in customers: service s belongs to customer (s - 1) % CUSTOMERS + 1.
    const paths = logins.tenServices.flatMap((login) =>
      Array.from(
        { length: SERVICES_PER_CUSTOMER },
        (_, k) => `/services/${benchId("svc", login.customerNumber + k * CUSTOMERS)}`,
      ),
    );
    const check = await fetch(`${floor.url}${paths[0] ?? ""}`);
    if (check.status !== 200)
      throw new Error(`floor server: HTTP ${check.status} for ${paths[0] ?? ""}`);
    await check.arrayBuffer();
    const spec: LoadSpec = {
      url: floor.url,
      connections: CONNECTIONS,
      durationSeconds: DURATION_S,
      paths,
      cookies: [],
      clientAddresses: CLIENT_ADDRESSES,
    };
    return await warmAndMeasure("floor (one primary-key SELECT)", spec, probe);
  } finally {
    await floor.close();
  }
}

async function run(): Promise<BenchResult> {
  const url = benchDatabaseUrl();
  const version = await checkConnection(url);
  say(
    `my-services: node ${process.versions.node}, PostgreSQL ${version}, ${CONNECTIONS} connections × ${DURATION_S} s (after ${WARMUP_S} s warm-up)`,
  );
  await prepareData(url);
  say(await machineLine());

  const probe = new CpuProbe(url);
  const kapu = await measureKapu(url, probe);
  const floor = await measureFloor(url, kapu.poolSize, probe);

  const k = kapu.measured.summary;
  const f = floor.summary;
  const value = round(k.requestsPerSecond);
  const floorValue = round(f.requestsPerSecond);
  const ratio = round(k.requestsPerSecond / f.requestsPerSecond, 3);
  say(
    `pool size ${kapu.poolSize}; load generator (autocannon) in a child process on the same ${os.availableParallelism()}-CPU machine`,
  );
  say(
    `Kapu ${value} req/s (p99 ${k.latencyMs.p99} ms), floor ${floorValue} req/s (p99 ${f.latencyMs.p99} ms), ratio ${ratio}`,
  );
  say(`SQL statements per request: ${kapu.statements}`);
  say(goalLine(`ratio ≥ ${GOAL_RATIO}`, ratio >= GOAL_RATIO));
  say(goalLine(`p99 ≤ ${GOAL_P99_MS} ms`, k.latencyMs.p99 <= GOAL_P99_MS));
  return { name: "my-services", value, unit: "req/s", floor: floorValue, ratio };
}

export const myServices: Benchmark = {
  name: "my-services",
  description: `GET /api/me/services on PostgreSQL (100k customers, 1M services), ${CONNECTIONS} connections × ${DURATION_S} s, vs a one-SELECT floor (goal ≥ ${GOAL_RATIO}× floor, p99 ≤ ${GOAL_P99_MS} ms)`,
  run,
};
