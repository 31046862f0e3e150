import autocannon, { type Request } from "autocannon";
import type { LoadSpec, LoadSummary } from "./load.ts";

/**
 * The load generator, in its own process so that it does not share the server's event loop
 * (it still shares the machine's CPUs). Reads a LoadSpec (JSON) from argv, prints a LoadSummary
 * (JSON) as its only output.
 */
const spec = JSON.parse(process.argv[2] ?? "null") as LoadSpec | null;
if (!spec) throw new Error("usage: load-child.ts '<LoadSpec JSON>'");
if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(spec.url))
  throw new Error(`only 127.0.0.1 is benchmarked, not ${spec.url}`);

/** Built once: each connection cycles through them, so no per-request setup costs CPU here. */
function requests(s: LoadSpec): Request[] {
  const n = Math.max(s.paths.length, s.cookies.length, s.clientAddresses, 1);
  return Array.from({ length: n }, (_, i) => {
    const headers: Record<string, string> = {};
    const cookie = s.cookies[i % Math.max(s.cookies.length, 1)];
    if (cookie) headers.cookie = cookie;
    if (s.clientAddresses > 0) {
      const a = i % s.clientAddresses;
      headers["x-forwarded-for"] = `10.77.${Math.floor(a / 256) % 256}.${a % 256}`;
    }
    return { method: "GET", path: s.paths[i % s.paths.length] ?? "/", headers };
  });
}

const cpuBefore = process.cpuUsage();
const result = await autocannon({
  url: spec.url,
  connections: spec.connections,
  duration: spec.durationSeconds,
  timeout: 10,
  requests: requests(spec),
});

const cpu = process.cpuUsage(cpuBefore);
const summary: LoadSummary = {
  cpuMs: (cpu.user + cpu.system) / 1000,
  durationSeconds: result.duration,
  requestsPerSecond: result.requests.average,
  ok: result["2xx"],
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  statusCodes: Object.fromEntries(
    Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]),
  ),
  latencyMs: {
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    average: result.latency.average,
  },
};
process.stdout.write(`${JSON.stringify(summary)}\n`);
