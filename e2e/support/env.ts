/**
 * What global setup hands to the tests. It runs in the Playwright runner process; the tests run
 * in worker processes, which inherit the runner's environment, so these travel as variables.
 */
export const ENV = {
  /** The Kapu server, e.g. http://127.0.0.1:41234 (also the config's `use.baseURL`). */
  baseUrl: "KAPU_E2E_BASE_URL",
  /** Directory where the test SMTP server writes each received message as one JSON file. */
  mailDir: "KAPU_E2E_MAIL_DIR",
  /** The JSON printed by `kapu demo --json`. */
  demo: "KAPU_E2E_DEMO",
} as const;

/** One message as received by the test SMTP server. */
export interface ReceivedMail {
  /** Envelope recipients. */
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string | null;
  receivedAt: string;
}

/** The document printed by `kapu demo --json`. */
export interface DemoLogins {
  url: string;
  /** `totpSecret`: the two-factor secret; null: the login must enrol at its first login. */
  staff: { email: string; password: string; role: string; totpSecret: string | null }[];
  customers: { email: string; password: string; customer: string; language: string }[];
  /** Logins with narrower access: the demo agency, a billing-only contact. */
  access: { email: string; password: string; what: string }[];
  created: { products: number; customers: number; staff: number };
}
