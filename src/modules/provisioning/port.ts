/**
 * The provisioning module interface (the port): what Kapu asks a control panel, an SSL vendor or
 * any other system to do for a service. A module is called by the `provisioning.run` job, never
 * inside a database transaction, and must be idempotent: after a crash or a lost answer the same
 * call can come again (look the account up before creating it).
 */
import type { BillingCycle } from "../../platform/db/index.ts";
import type { ProvisioningAction } from "./domain/tasks.ts";

export interface ProvisioningContext {
  taskId: string;
  serviceId: string;
  customerId: string;
  productCode: string;
  /** The service's label: for hosting and domains, the domain name. */
  label: string | null;
  billingCycle: BillingCycle;
  /** The product's provisioning settings (products.provisioning_settings), as stored. */
  settings: Readonly<Record<string, unknown>>;
  /** 1 on the first call for this task; every retry and every check adds one. */
  attempt: number;
  /** What the module returned as `state` with its last `pending` result, if any. */
  state: Readonly<Record<string, string>> | null;
  /** The current time (from Kapu's clock, so tests can move it). */
  now: Date;
}

export type ProvisioningResult =
  | {
      done: true;
      /**
       * Public facts about what was set up (user name, control panel URL, server). The customer
       * sees them: never passwords or keys (keys that look like secrets are dropped anyway).
       */
      data?: Record<string, string>;
    }
  | {
      /** Not finished yet: Kapu calls the same method again after this many seconds. */
      pending: true;
      checkAgainInSeconds: number;
      /** Given back as `context.state` on that call (e.g. the remote order id). */
      state?: Record<string, string>;
    };

/**
 * What a module throws when it cannot do the job. `retryable`: a passing problem (timeout, the
 * panel is down) that the job retries with back-off; otherwise (refused, invalid settings) the
 * task fails at once and waits for staff. Any other error thrown counts as retryable.
 */
export class ProvisioningError extends Error {
  readonly retryable: boolean;
  constructor(message: string, options: { retryable: boolean; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ProvisioningError";
    this.retryable = options.retryable;
  }
}

export interface ProvisioningModule {
  create(context: ProvisioningContext): Promise<ProvisioningResult>;
  suspend(context: ProvisioningContext): Promise<ProvisioningResult>;
  unsuspend(context: ProvisioningContext): Promise<ProvisioningResult>;
  terminate(context: ProvisioningContext): Promise<ProvisioningResult>;
  renew(context: ProvisioningContext): Promise<ProvisioningResult>;
  changePlan(context: ProvisioningContext): Promise<ProvisioningResult>;
  /** A problem with a product's settings for this module, or null when they are usable. */
  checkSettings?(settings: Readonly<Record<string, unknown>>): string | null;
}

/** The module method for each task action. */
export const ACTION_METHODS: Record<
  ProvisioningAction,
  Exclude<keyof ProvisioningModule, "checkSettings">
> = {
  create: "create",
  suspend: "suspend",
  unsuspend: "unsuspend",
  terminate: "terminate",
  renew: "renew",
  change_plan: "changePlan",
};

/**
 * A module known by name. `manual`: no automation, tasks go to the staff's manual fulfilment
 * queue (e.g. an SSL certificate whose validation takes 1–3 business days).
 */
export type RegisteredModule =
  | { name: string; label: string; kind: "automatic"; module: ProvisioningModule }
  | { name: string; label: string; kind: "manual" };
