/**
 * Opaque prefixed row ids: `cus_01jd8x3k2m4n5p6q7r8s9t0vwx`.
 *
 * The 26 characters after the prefix are lowercase Crockford base32 of a 48-bit millisecond
 * timestamp (10 characters) followed by 80 random bits (16 characters), like a ULID. Ids created
 * in different milliseconds therefore sort by creation time as plain strings (code-unit order, as
 * in `Array.prototype.sort` or SQL `COLLATE "C"`). Within one millisecond a process counts up
 * from its previous id, so ids one process makes in order also sort in order (across processes,
 * ids of the same millisecond are in random order).
 */

export const ID_PREFIXES = {
  customer: "cus",
  contact: "con",
  user: "usr",
  session: "ses",
  product: "prd",
  price: "prc",
  service: "svc",
  invoice: "inv",
  invoiceLine: "inl",
  mail: "msg",
  audit: "aud",
  token: "tok",
  payment: "pay",
  refund: "rfd",
  checkout: "chk",
  gatewayNotification: "gwn",
  bankImport: "bim",
  bankLine: "bln",
  ledgerEntry: "led",
  ledgerTransaction: "ltx",
  allocation: "alc",
  vatRate: "vat",
  vatCheck: "vck",
  request: "req",
  billingRun: "run",
  cancellation: "cnr",
  order: "ord",
  provisioningTask: "ptk",
  statusNotice: "ntc",
  managerAccess: "mga",
  department: "dep",
  loginChallenge: "lch",
} as const;

export type IdPrefix = (typeof ID_PREFIXES)[keyof typeof ID_PREFIXES];

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
const TIME_CHARS = 10;
const RANDOM_CHARS = 16;
const MAX_TIME_MS = 2 ** 48 - 1;
const KNOWN_PREFIXES: ReadonlySet<string> = new Set(Object.values(ID_PREFIXES));
// 48 bits in 10 base32 characters leaves the top two bits zero: the first character is 0-7.
const BODY = /^[0-7][0-9a-hjkmnp-tv-z]{25}$/;

/** Encodes a non-negative integer below 2^(5·length) as `length` base32 characters. */
function encode(value: number, length: number): string {
  let rest = value;
  let out = "";
  for (let i = 0; i < length; i++) {
    out = ALPHABET.charAt(rest % 32) + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

function isIdPrefix(value: unknown): value is IdPrefix {
  return typeof value === "string" && KNOWN_PREFIXES.has(value);
}

const last = { time: -1, high: 0, low: 0 };

/** A new id such as `inv_01jd8x3k2m4n5p6q7r8s9t0vwx`; pass `nowMs` from the Clock in use cases. */
export function newId(prefix: IdPrefix, nowMs: number = Date.now()): string {
  if (!isIdPrefix(prefix)) {
    throw new TypeError(`Unknown id prefix: ${String(prefix)}`);
  }
  if (!Number.isSafeInteger(nowMs) || nowMs < 0 || nowMs > MAX_TIME_MS) {
    throw new RangeError(`Id timestamp out of range: ${String(nowMs)}`);
  }
  let high: number;
  let low: number;
  if (nowMs === last.time) {
    // Same millisecond: count up from the previous id, so ids made in order sort in order.
    low = last.low + 1;
    high = last.high;
    if (low >= 2 ** 40) {
      low = 0;
      high = (high + 1) % 2 ** 40;
    }
  } else {
    const bytes = crypto.getRandomValues(new Uint8Array(10));
    // Two 40-bit halves, each exact as a JS number; the top bit of `high` stays clear so that
    // counting up within one millisecond cannot overflow.
    high = 0;
    low = 0;
    for (let i = 0; i < 5; i++) {
      high = high * 256 + (bytes[i] ?? 0);
      low = low * 256 + (bytes[i + 5] ?? 0);
    }
    high = high % 2 ** 39;
  }
  last.time = nowMs;
  last.high = high;
  last.low = low;
  return `${prefix}_${encode(nowMs, TIME_CHARS)}${encode(high, RANDOM_CHARS / 2)}${encode(low, RANDOM_CHARS / 2)}`;
}

/** Strict format check: the exact prefix, an underscore and 26 lowercase Crockford characters. */
export function isId(value: unknown, prefix: IdPrefix): value is string {
  if (typeof value !== "string" || !isIdPrefix(prefix)) return false;
  if (value.length !== prefix.length + 1 + TIME_CHARS + RANDOM_CHARS) return false;
  if (!value.startsWith(`${prefix}_`)) return false;
  return BODY.test(value.slice(prefix.length + 1));
}

/** The creation time (ms since the epoch) encoded in an id with a known prefix. */
export function idTimeMs(id: string): number {
  const separator = id.indexOf("_");
  const prefix = id.slice(0, separator);
  if (separator < 0 || !isIdPrefix(prefix) || !isId(id, prefix)) {
    throw new TypeError(`Not an id: ${JSON.stringify(id)}`);
  }
  let ms = 0;
  for (const char of id.slice(separator + 1, separator + 1 + TIME_CHARS)) {
    ms = ms * 32 + ALPHABET.indexOf(char);
  }
  return ms;
}
