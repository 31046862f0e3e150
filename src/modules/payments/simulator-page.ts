import { z } from "zod";
import type { FastifyInstance, FastifyReply } from "fastify";
import type { Deps } from "../../platform/context.ts";
import { errors } from "../../platform/errors.ts";
import { problems, zodApp } from "../../platform/http/routing.ts";
import { Money, assertCurrency } from "../../platform/money/index.ts";
import { gatewaysFor, SimulatorGateway } from "./gateways/index.ts";

function simulator(deps: Deps): SimulatorGateway {
  const g = gatewaysFor(deps.config).get("simulator");
  if (!(g instanceof SimulatorGateway)) throw errors.notFound("payment simulator");
  return g;
}

function sendHtml(reply: FastifyReply, html: string) {
  return reply.type("text/html; charset=utf-8").header("cache-control", "no-store").send(html);
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The simulator's hosted card page (a bank's page, served by Kapu when the simulator is
 * enabled): approve, decline or cancel, with options to make the notification late, doubled or
 * lost. Not part of Kapu's own UI: it stands in for the bank's site, so it is plain HTML.
 */
export function registerSimulatorRoutes(app: FastifyInstance, deps: Deps): void {
  void app.register(async (scope) => {
    scope.addContentTypeParser(
      "application/x-www-form-urlencoded",
      { parseAs: "string", bodyLimit: 4096 },
      (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    const r = zodApp(scope);
    const params = z.object({ ref: z.string().regex(/^sim_[0-9a-f]{24}$/) });

    r.get(
      "/api/simulator/pay/:ref",
      {
        config: { access: "public" },
        schema: {
          tags: ["system"],
          summary: "The card payment simulator's hosted payment page (HTML)",
          params,
          response: { ...problems(400, 404) },
        },
      },
      async (request, reply) => {
        const s = simulator(deps).session(request.params.ref);
        if (!s) throw errors.notFound("payment session");
        const amount = Money.of(s.amount, assertCurrency(s.currency)).format("hu-HU");
        const open = s.status === "pending";
        const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Simulator Bank — card payment</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;color:#111}
h1{font-size:1.3rem}.amount{font-size:1.6rem;font-weight:700}button{font-size:1rem;padding:.7rem 1rem;margin:.3rem .3rem .3rem 0;min-width:8rem}
fieldset{margin:1rem 0}label{display:block;margin:.3rem 0}</style></head>
<body><main>
<h1>Simulator Bank · Szimulált bank</h1>
<p>Test payment page — no real card is charged. / Tesztfizetés — valódi kártyát nem terhelünk.</p>
<p>${escape(s.description)}</p>
<p class="amount" data-testid="sim-amount">${escape(amount)}</p>
${
  open
    ? `<form method="post" action="/api/simulator/pay/${escape(s.ref)}">
<fieldset><legend>Notification to the shop</legend>
<label><input type="radio" name="delivery" value="normal" checked> normal</label>
<label><input type="radio" name="delivery" value="twice"> twice (duplicate)</label>
<label><input type="radio" name="delivery" value="late"> late (5 s)</label>
<label><input type="radio" name="delivery" value="lost"> lost (shop must ask)</label>
</fieldset>
<button type="submit" name="outcome" value="approve">Approve / Jóváhagyás</button>
<button type="submit" name="outcome" value="decline">Decline / Elutasítás</button>
<button type="submit" name="outcome" value="cancel">Cancel / Mégsem</button>
</form>`
    : `<p data-testid="sim-status">This payment is ${escape(s.status)}.</p><p><a href="${escape(s.returnUrl)}">Back to the shop</a></p>`
}
</main></body></html>`;
        return sendHtml(reply, html);
      },
    );

    r.post(
      "/api/simulator/pay/:ref",
      {
        config: { access: "public" },
        schema: {
          tags: ["system"],
          summary: "The simulator's payment page form: approve, decline or cancel",
          params,
          body: z.object({
            outcome: z.enum(["approve", "decline", "cancel"]),
            delivery: z.enum(["normal", "twice", "late", "lost"]).default("normal"),
          }),
          response: { ...problems(400, 404) },
        },
      },
      async (request, reply) => {
        const sim = simulator(deps);
        if (!sim.session(request.params.ref)) throw errors.notFound("payment session");
        const d = request.body.delivery;
        const back = sim.complete(request.params.ref, request.body.outcome, {
          times: d === "twice" ? 2 : 1,
          delayMs: d === "late" ? 5000 : 0,
          skip: d === "lost",
        });
        return reply.redirect(back, 303);
      },
    );
  });
}
