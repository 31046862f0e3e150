import { z } from "zod";
import {
  ProvisioningError,
  type ProvisioningContext,
  type ProvisioningModule,
  type ProvisioningResult,
} from "../port.ts";

/**
 * The demo hosting module: "creates a hosting account" on an imaginary control panel, so the
 * whole delivery can be seen and measured without one. Creation finishes `delaySeconds` after
 * the first call (a `pending` result, then done when checked again), like a real panel that
 * sets up an account in the background. For demonstrating failures, by the service's label:
 * - containing `fail-provisioning`: the panel refuses the account (not retryable);
 * - containing `flaky-provisioning`: the panel times out on the first call (retryable).
 */
export const DEMO_HOSTING = "demo_hosting";
export const DEFAULT_DELAY_SECONDS = 20;
const DEFAULT_PANEL_URL = "https://panel.demo.kapu.test:2083";
const DEFAULT_SERVER = "web1.demo.kapu.test";

const settingsSchema = z.object({
  delaySeconds: z.number().int().min(0).max(86_400).default(DEFAULT_DELAY_SECONDS),
  panelUrl: z.url().default(DEFAULT_PANEL_URL),
  server: z.string().min(1).max(253).default(DEFAULT_SERVER),
});
type DemoSettings = z.infer<typeof settingsSchema>;

function settingsProblem(settings: unknown): string | null {
  const parsed = settingsSchema.safeParse(settings);
  if (parsed.success) return null;
  return parsed.error.issues
    .map((i) => `${i.path.join(".") || "settings"}: ${i.message}`)
    .join("; ");
}

function settingsOf(context: ProvisioningContext): DemoSettings {
  const parsed = settingsSchema.safeParse(context.settings);
  if (!parsed.success) {
    throw new ProvisioningError(
      `The demo_hosting settings of product ${context.productCode} are not valid: ${settingsProblem(context.settings)}`,
      { retryable: false },
    );
  }
  return parsed.data;
}

/**
 * A control-panel user name from the domain: its first label without accents and anything but
 * a–z and 0–9, starting with a letter, at most 8 characters (cPanel's classic limit); from the
 * service id when the label gives nothing.
 */
export function usernameFor(label: string | null, serviceId: string): string {
  const host = (label ?? "")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .trim()
    .replace(/^https?:\/\//, "")
    .replace(/^www\./, "");
  let name = (host.split(".")[0] ?? "").replace(/[^a-z0-9]/g, "");
  if (name !== "" && !/^[a-z]/.test(name)) name = `u${name}`;
  if (name === "") name = `u${serviceId.replace(/[^a-z0-9]/g, "").slice(-7)}`;
  return name.slice(0, 8);
}

function failIfAsked(context: ProvisioningContext): void {
  const label = context.label ?? "";
  if (label.includes("fail-provisioning")) {
    throw new ProvisioningError(
      `The control panel refused to create the account for ${label}: the domain is on its block list (demo failure).`,
      { retryable: false },
    );
  }
  if (label.includes("flaky-provisioning") && context.attempt === 1) {
    throw new ProvisioningError("The control panel did not answer within 30 seconds (demo).", {
      retryable: true,
    });
  }
}

function account(context: ProvisioningContext, settings: DemoSettings): Record<string, string> {
  return {
    username: usernameFor(context.label, context.serviceId),
    ...(context.label ? { domain: context.label } : {}),
    server: settings.server,
    panelUrl: settings.panelUrl,
    plan: context.productCode,
  };
}

const done = (data?: Record<string, string>): ProvisioningResult =>
  data ? { done: true, data } : { done: true };

/** An action the imaginary panel does at once (after the same checks as creation). */
function immediately(data?: (context: ProvisioningContext) => Record<string, string>) {
  return (context: ProvisioningContext): Promise<ProvisioningResult> =>
    Promise.resolve().then((): ProvisioningResult => {
      settingsOf(context);
      failIfAsked(context);
      return done(data?.(context));
    });
}

export const demoHostingModule: ProvisioningModule = {
  checkSettings: settingsProblem,

  create(context) {
    return Promise.resolve().then((): ProvisioningResult => {
      const settings = settingsOf(context);
      failIfAsked(context);
      const readyAt = context.state?.readyAt ? Date.parse(context.state.readyAt) : Number.NaN;
      if (Number.isNaN(readyAt)) {
        if (settings.delaySeconds === 0) return done(account(context, settings));
        const at = new Date(context.now.getTime() + settings.delaySeconds * 1000);
        return {
          pending: true,
          checkAgainInSeconds: settings.delaySeconds,
          state: { readyAt: at.toISOString() },
        };
      }
      const left = readyAt - context.now.getTime();
      if (left > 0) {
        return {
          pending: true,
          checkAgainInSeconds: Math.ceil(left / 1000),
          state: { readyAt: new Date(readyAt).toISOString() },
        };
      }
      return done(account(context, settings));
    });
  },

  suspend: immediately(),
  unsuspend: immediately(),
  terminate: immediately(),
  renew: immediately(),
  changePlan: immediately((context) => ({ plan: context.productCode })),
};
