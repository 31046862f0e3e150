import type { Config } from "../../../config/index.ts";
import type { GatewayName, Gateways, PaymentGateway } from "./gateway.ts";
import { SimulatorGateway } from "./simulator.ts";
import { StripeGateway } from "./stripe.ts";

export * from "./gateway.ts";
export { SimulatorGateway, SIMULATOR_SIGNATURE_HEADER, signSimulatorPayload } from "./simulator.ts";
export { StripeGateway } from "./stripe.ts";

const cache = new WeakMap<Config, Map<GatewayName, PaymentGateway>>();

/**
 * The card gateways this installation has configured (config.gateways), one instance per
 * configuration: the simulator keeps its sessions in it.
 */
export function gatewaysFor(config: Config): Gateways {
  let gateways = cache.get(config);
  if (!gateways) {
    gateways = new Map();
    if (config.gateways.simulator)
      gateways.set(
        "simulator",
        new SimulatorGateway({ secret: config.gateways.simulator.secret, baseUrl: config.baseUrl }),
      );
    if (config.gateways.stripe) gateways.set("stripe", new StripeGateway(config.gateways.stripe));
    cache.set(config, gateways);
  }
  return gateways;
}

/** Replaces a configured gateway (tests: a simulator with a clock, a Stripe client on a fake). */
export function useGateway(config: Config, gateway: PaymentGateway): void {
  (gatewaysFor(config) as Map<GatewayName, PaymentGateway>).set(gateway.name, gateway);
}
