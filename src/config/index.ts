import { z } from "zod";
import path from "node:path";

const LANGUAGES = ["hu", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
export const SUPPORTED_LANGUAGES: readonly Language[] = LANGUAGES;

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "a postgres:// or postgresql:// connection URL")
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  HOST: z.string().min(1).default("0.0.0.0"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  BASE_URL: z
    .url({ protocol: /^https?$/, error: "an http(s) URL such as https://portal.example.com" })
    .optional(),
  TIME_ZONE: z
    .string()
    .refine(isTimeZone, "an IANA time zone such as Europe/Budapest")
    .default("Europe/Budapest"),
  DEFAULT_CURRENCY: z.enum(["HUF", "EUR"]).default("HUF"),
  DEFAULT_LANGUAGE: z.enum(LANGUAGES).default("hu"),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.com:587")
    .optional(),
  MAIL_FROM: z.string().min(3).default("Kapu <no-reply@localhost>"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  TRUST_PROXY: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).max(1000).default(10),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24 * 14),
  STAFF_SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 7)
    .default(12),
  STAFF_SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .default(30)
    .describe("a staff session ends after this many minutes without a request; 0 = never"),
  STAFF_TWO_FACTOR: z
    .enum(["required", "optional"])
    .default("required")
    .describe("required: staff must enrol in two-factor login before any staff page answers"),
  JOBS: z.enum(["on", "off"]).default("on").describe("run job workers in this process"),
  VIES_URL: z
    .union([z.literal("off"), z.url({ protocol: /^https?$/ })])
    .default("https://ec.europa.eu/taxation_customs/vies/rest-api")
    .describe("EU VIES REST API for VAT number checks; off = never ask (offline checks only)"),
  VIES_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(8000),
  PAYMENT_SIMULATOR: z
    .enum(["on", "off"])
    .optional()
    .describe("the built-in card payment simulator; default on, except in production"),
  SIMULATOR_SECRET: z.string().min(16).default("kapu-simulator-signing-secret"),
  STRIPE_SECRET_KEY: z
    .string()
    .regex(/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/, "a Stripe secret key (sk_live_… or sk_test_…)")
    .optional()
    .describe("enables card payments through Stripe Checkout"),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .regex(/^whsec_[A-Za-z0-9]+$/, "a Stripe webhook signing secret (whsec_…)")
    .optional(),
  STRIPE_API_URL: z.url({ protocol: /^https?$/ }).default("https://api.stripe.com"),
  REGISTRAR: z
    .enum(["fake", "rdap"])
    .default("fake")
    .describe("where domain availability is checked: fake (built-in demo registry) or rdap"),
  RDAP_URL: z.url({ protocol: /^https?$/ }).default("https://rdap.org"),
  RDAP_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  DOMAIN_TLDS: z
    .string()
    .regex(
      /^ *\.?[a-z0-9-]+(\.[a-z0-9-]+)* *(, *\.?[a-z0-9-]+(\.[a-z0-9-]+)* *)*$/i,
      "a comma-separated list of domain endings such as hu,com,eu",
    )
    .default("hu,com,eu,net,org")
    .transform((v) => v.split(",").map((t) => t.trim().toLowerCase().replace(/^\./, ""))),
});

export type Config = {
  env: "development" | "production" | "test";
  dataDir: string;
  databaseUrl: string | undefined;
  databasePoolSize: number;
  host: string;
  port: number;
  baseUrl: string;
  timeZone: string;
  defaultCurrency: "HUF" | "EUR";
  defaultLanguage: Language;
  smtpUrl: string | undefined;
  mailFrom: string;
  logLevel: string;
  trustProxy: boolean;
  /** Login attempts a minute per client address (the per-account throttle is separate). */
  loginRateLimit: number;
  sessionTtlHours: number;
  staffSessionTtlHours: number;
  /** Minutes without a request after which a staff session ends; null = no idle limit. */
  staffSessionIdleMinutes: number | null;
  /** Whether staff must use two-factor login (src/modules/auth/use-cases/two-factor.ts). */
  staffTwoFactor: "required" | "optional";
  runJobs: boolean;
  viesUrl: string | null;
  viesTimeoutMs: number;
  gateways: {
    simulator: { secret: string } | null;
    stripe: { secretKey: string; webhookSecret: string; apiUrl: string } | null;
  };
  registrar: { kind: "fake" | "rdap"; rdapUrl: string; timeoutMs: number; tlds: string[] };
};

export class ConfigError extends Error {
  readonly variable: string;
  constructor(variable: string, message: string) {
    super(`Invalid configuration: ${variable} ${message}`);
    this.name = "ConfigError";
    this.variable = variable;
  }
}

/** Reads and validates configuration; throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input: Record<string, string | undefined> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = env[key];
    input[key] = value === "" ? undefined : value;
  }
  const parsed = envSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? "environment");
    const got = input[variable];
    throw new ConfigError(
      variable,
      `must be ${describeExpected(issue)}${got === undefined ? "" : ` (got "${got}")`}`,
    );
  }
  const e = parsed.data;
  if (e.STRIPE_SECRET_KEY && !e.STRIPE_WEBHOOK_SECRET)
    throw new ConfigError(
      "STRIPE_WEBHOOK_SECRET",
      "must be set with STRIPE_SECRET_KEY (Stripe's notifications cannot be verified without it)",
    );
  return {
    env: e.NODE_ENV,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    host: e.HOST,
    port: e.PORT,
    baseUrl: (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ""),
    timeZone: e.TIME_ZONE,
    defaultCurrency: e.DEFAULT_CURRENCY,
    defaultLanguage: e.DEFAULT_LANGUAGE,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    loginRateLimit: e.LOGIN_RATE_LIMIT,
    sessionTtlHours: e.SESSION_TTL_HOURS,
    staffSessionTtlHours: e.STAFF_SESSION_TTL_HOURS,
    staffSessionIdleMinutes:
      e.STAFF_SESSION_IDLE_MINUTES === 0 ? null : e.STAFF_SESSION_IDLE_MINUTES,
    staffTwoFactor: e.STAFF_TWO_FACTOR,
    runJobs: e.JOBS === "on",
    viesUrl: e.VIES_URL === "off" ? null : e.VIES_URL.replace(/\/+$/, ""),
    viesTimeoutMs: e.VIES_TIMEOUT_MS,
    gateways: {
      simulator:
        (e.PAYMENT_SIMULATOR ?? (e.NODE_ENV === "production" ? "off" : "on")) === "on"
          ? { secret: e.SIMULATOR_SECRET }
          : null,
      stripe: e.STRIPE_SECRET_KEY
        ? {
            secretKey: e.STRIPE_SECRET_KEY,
            webhookSecret: e.STRIPE_WEBHOOK_SECRET ?? "",
            apiUrl: e.STRIPE_API_URL.replace(/\/+$/, ""),
          }
        : null,
    },
    registrar: {
      kind: e.REGISTRAR,
      rdapUrl: e.RDAP_URL.replace(/\/+$/, ""),
      timeoutMs: e.RDAP_TIMEOUT_MS,
      tlds: e.DOMAIN_TLDS,
    },
  };
}

function describeExpected(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return "valid";
  switch (issue.code) {
    case "invalid_value":
      return `one of ${issue.values.map((v) => String(v)).join(", ")}`;
    case "invalid_type":
      return `a ${issue.expected}`;
    case "too_small":
      return `at least ${String(issue.minimum)}`;
    case "too_big":
      return `at most ${String(issue.maximum)}`;
    case "custom":
    case "invalid_format":
    case "invalid_element":
    case "invalid_key":
    case "invalid_union":
    case "not_multiple_of":
    case "unrecognized_keys":
      return issue.message;
  }
}

/** The names of every variable Kapu reads (the README's configuration table lists them). */
export const CONFIG_VARIABLES = Object.keys(envSchema.shape);
