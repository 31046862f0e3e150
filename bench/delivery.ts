import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { loadConfig } from "../src/config/index.ts";
import { DEMO_SELLER } from "../src/demo/data.ts";
import { createCustomer } from "../src/modules/accounts/index.ts";
import { saveSeller } from "../src/modules/billing/index.ts";
import { saveProduct } from "../src/modules/catalog/index.ts";
import { registrarFor } from "../src/modules/domains/index.ts";
import { placeOrder } from "../src/modules/orders/index.ts";
import { receivePayment } from "../src/modules/payments/index.ts";
import { DEFAULT_DELAY_SECONDS } from "../src/modules/provisioning/index.ts";
import type { Actor } from "../src/platform/audit.ts";
import { localDate } from "../src/platform/clock.ts";
import { createLogger } from "../src/platform/logger.ts";
import { createRuntime } from "../src/runtime.ts";
import { sleep } from "./lib/net.ts";
import {
  goalLine,
  machineLine,
  median,
  round,
  say,
  type Benchmark,
  type BenchResult,
} from "./lib/result.ts";

/**
 * `delivery` (B3: "a web hosting account is ready in about 5 minutes"): on the embedded
 * database with the job workers running, as `npm start` runs them, ORDERS orders of a hosting
 * plan with the demo provisioning module are placed and paid by transfer at once; measured per
 * order: from the payment's commit to the service released (the `billing.invoice-paid` job) and
 * to the hosting account delivered (the `provisioning.run` job, the module's delay, its check).
 * The demo module's delay stands for the control panel's work; Kapu's own part is the rest.
 */
const ORDERS = 3;
const POLL_MS = 50;
const TIMEOUT_MS = 5 * 60_000;
const GOAL_MS = 5 * 60_000;
const ACTOR: Actor = { type: "cli", name: "bench delivery" };

export const delivery: Benchmark = {
  name: "delivery",
  description: "paid order → hosting account delivered (demo module, job workers, PGlite)",
  async run(): Promise<BenchResult> {
    say(await machineLine());
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kapu-bench-delivery-"));
    const config = loadConfig({ ...process.env, DATA_DIR: dir, DATABASE_URL: "", JOBS: "on" });
    const runtime = await createRuntime(config, createLogger("silent"), {
      holder: "bench delivery",
    });
    try {
      await runtime.jobs.work();
      await runtime.db
        .transaction()
        .execute((tx) => saveSeller(tx, DEMO_SELLER, null, runtime.clock.now()));
      const productId = await saveProduct(
        runtime,
        null,
        {
          code: "bench-start",
          kind: "hosting",
          name: "Start",
          description: "",
          active: true,
          tld: null,
          freeDomainTlds: [],
          renewalLeadDays: null,
          reminderDays: null,
          provisioningModule: "demo_hosting",
          prices: [
            {
              cycle: "monthly",
              currency: "HUF",
              amount: "1490.00",
              setupFee: "0",
              registerAmount: null,
              transferAmount: null,
            },
          ],
        },
        ACTOR,
      );
      const runs: { released: number; delivered: number }[] = [];
      const pending: Promise<void>[] = [];
      for (let i = 0; i < ORDERS; i++) {
        const customer = await createCustomer(
          runtime,
          {
            kind: "company",
            name: `Bench Delivery ${i} Kft.`,
            taxNumber: "12345676-2-41",
            euVatNumber: null,
            country: "HU",
            city: "Budapest",
            postalCode: "1111",
            addressLine: "Fő utca 1.",
            language: "hu",
            currency: "HUF",
            contact: { name: "Bench", email: `delivery-${i}@bench.test`, password: null },
          },
          ACTOR,
        );
        const order = await placeOrder(
          runtime,
          registrarFor(config),
          {
            customerId: customer.customerId,
            request: {
              items: [
                {
                  productId,
                  cycle: "monthly",
                  domain: { name: `bench-${i}.hu`, action: "existing" },
                },
              ],
            },
            idempotencyKey: null,
          },
          ACTOR,
        );
        await runtime.db.transaction().execute((tx) =>
          receivePayment(
            tx,
            runtime,
            {
              customerId: customer.customerId,
              currency: "HUF",
              amount: order.total.minor,
              method: "transfer",
              source: "manual",
              externalId: `bench-delivery-${i}`,
              receivedOn: localDate(runtime.clock.now(), config.timeZone),
              documents: [{ id: order.documentId }],
              silent: true,
            },
            ACTOR,
          ),
        );
        const paidAt = performance.now();
        const serviceId = order.services[0]!.id;
        pending.push(
          watch(runtime, serviceId).then(({ released, delivered }) => {
            runs.push({ released: released - paidAt, delivered: delivered - paidAt });
          }),
        );
      }
      await Promise.all(pending);
      const releasedMs = median(runs.map((r) => r.released));
      const deliveredMs = median(runs.map((r) => r.delivered));
      const moduleMs = DEFAULT_DELAY_SECONDS * 1000;
      say(
        `${ORDERS} orders, paid by transfer at once; per order from the payment's commit (ms): ` +
          runs
            .map((r) => `released ${round(r.released)}, delivered ${round(r.delivered)}`)
            .join("; "),
      );
      say(
        `median: released ${round(releasedMs)} ms, delivered ${round(deliveredMs / 1000, 1)} s, of which the demo module's delay ${DEFAULT_DELAY_SECONDS} s and Kapu ${round((deliveredMs - moduleMs) / 1000, 1)} s`,
      );
      say(goalLine(`delivered ≤ ${GOAL_MS / 60_000} minutes (B3)`, deliveredMs <= GOAL_MS));
      return {
        name: "delivery",
        value: round(deliveredMs / 1000, 2),
        unit: "s",
        floor: moduleMs / 1000,
        ratio: round(deliveredMs / moduleMs, 2),
      };
    } finally {
      await runtime.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};

/** Polls the service until released (active) and its create task done. */
async function watch(
  runtime: Awaited<ReturnType<typeof createRuntime>>,
  serviceId: string,
): Promise<{ released: number; delivered: number }> {
  const started = performance.now();
  let released = 0;
  for (;;) {
    if (performance.now() - started > TIMEOUT_MS) throw new Error(`${serviceId} not delivered`);
    const row = await runtime.db
      .selectFrom("services as s")
      .leftJoin("provisioning_tasks as t", (j) =>
        j.onRef("t.service_id", "=", "s.id").on("t.action", "=", "create"),
      )
      .select(["s.status", "t.status as task"])
      .where("s.id", "=", serviceId)
      .executeTakeFirstOrThrow();
    if (!released && row.status === "active") released = performance.now();
    if (row.task === "failed") throw new Error(`provisioning of ${serviceId} failed`);
    if (row.task === "done")
      return { released: released || performance.now(), delivered: performance.now() };
    await sleep(POLL_MS);
  }
}
