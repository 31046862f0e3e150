/**
 * Payment matching: which open documents an incoming bank transfer pays. Pure functions over data
 * the import use case loads; nothing here reads or writes anything.
 *
 * The rules, in order (decideMatch):
 *
 * 0. Only booked, incoming (credit), non-reversal lines with a positive amount are payments; the
 *    rest is `ignored` with its reason.
 * 1. **References.** extractReferences finds RF creditor references and document numbers in the
 *    remittance text (any case, spaces anywhere, OCR-like O/I/L for digits); matchReference
 *    resolves each against the ReferenceIndex: exactly first, then "within one character"
 *    (one substitution, insertion, deletion or adjacent transposition), accepted only when exactly
 *    one document is that close. The documents are paid in the order they are mentioned, each up
 *    to its open amount; what is left becomes credit on the customer's account (over-payment),
 *    and an amount short of the total pays the first documents fully and the next one partially.
 *    - An RF reference that is known and exact is trusted. Any weaker evidence — a document
 *      number (no check digits: a typo in its sequence is another document's number), a corrected
 *      reference — must be confirmed by the payer (name or account known for the customer) or by
 *      the amount (the documents' open amount or total); otherwise the line is queued
 *      (`unconfirmed_reference`), because paying the wrong customer's proforma would issue an
 *      invoice to the wrong customer.
 *    - A referenced document that is no longer open (paid, also earlier in the same import, or
 *      cancelled) gets nothing: the money becomes credit, flagged `document_not_open` — never lost
 *      and never a second final invoice (decision 20). A cancelled proforma superseded by another
 *      is followed to its replacement when that one is open.
 *    - The document's currency must be the line's (`currency_mismatch`), ambiguous corrections are
 *      queued (`ambiguous`), and credit is never split between several customers
 *      (`several_customers`).
 * 2. **Amount and payer**, when no reference resolves: the one open document of exactly this
 *    amount and currency whose customer the payer is (by account or normalized name). Several
 *    such documents, or the amount alone with several documents, is `ambiguous`; one document by
 *    amount alone is `amount_only`; both go to the staff queue with their candidates.
 *
 * Everything not decided goes to the staff queue with a reason and the candidate documents;
 * flags (`unknown_reference`, `document_not_open`, `reference_corrected`, `superseded`) travel with
 * every decision so that staff can see why.
 *
 * Amounts are bigint minor units in the line's currency (as in domain/ledger.ts of billing).
 */
import { hasValidCheckDigits } from "../../../platform/creditor-reference.ts";
import type { CurrencyCode } from "../../../platform/money/index.ts";

// ---------------------------------------------------------------------------------------------
// Inputs and decisions
// ---------------------------------------------------------------------------------------------

export type MatchDocumentStatus = "open" | "paid" | "cancelled";

/** A payable document (proforma or invoice) as the matcher sees it. */
export interface MatchDocument {
  readonly id: string;
  readonly customerId: string;
  /** The number as printed, e.g. `DBK-2026-000123` (any configured format). */
  readonly number: string;
  /** Its RF creditor reference (`RF79DBK2026000123`); null when it has none. */
  readonly reference: string | null;
  readonly currency: CurrencyCode;
  /** Gross total, minor units. */
  readonly total: bigint;
  /** What is still to pay (total − paid), minor units. */
  readonly open: bigint;
  readonly status: MatchDocumentStatus;
  /** A cancelled proforma replaced by another (billing's supersedeProforma): the replacement. */
  readonly supersededById?: string | null;
}

/** What is known of a customer as a payer: names and accounts (IBAN or domestic number). */
export interface CustomerIdentity {
  readonly customerId: string;
  readonly names: readonly string[];
  readonly accounts: readonly string[];
}

/**
 * One statement line. Structurally the statement parsers' StatementEntry with its decimal
 * `amount` converted to minor units.
 */
export interface MatchLine {
  readonly direction: "credit" | "debit";
  /** Minor units of `currency`, positive. */
  readonly amount: bigint;
  readonly currency: string;
  readonly remittance: string;
  readonly structuredReference?: string | null;
  readonly counterpartyName?: string | null;
  readonly counterpartyIban?: string | null;
  readonly counterpartyAccount?: string | null;
  /** A reversal (returned payment) is never a customer's payment. */
  readonly reversal?: boolean;
  /** Only booked entries are matched (undefined = booked). */
  readonly booked?: boolean;
}

/** How a document was found. */
export type MatchVia =
  | "reference" // RF creditor reference, exact
  | "reference_corrected" // RF creditor reference within one character
  | "number" // document number (or an RF reference's body), exact
  | "number_corrected" // document number within one character
  | "amount_and_payer";

export interface Allocation {
  readonly documentId: string;
  /** Minor units, > 0, at most the document's open amount. */
  readonly amount: bigint;
  readonly via: MatchVia;
}

export type MatchFlag =
  /** The document was already paid (also earlier in this run) or cancelled: money → credit. */
  | {
      readonly code: "document_not_open";
      readonly documentId: string;
      readonly status: "paid" | "cancelled";
    }
  /** A mistyped reference or number was corrected to this document. */
  | {
      readonly code: "reference_corrected";
      readonly documentId: string;
      readonly candidate: string;
    }
  /** The line named a cancelled proforma; its replacement was paid instead. */
  | { readonly code: "superseded"; readonly documentId: string; readonly replacementId: string }
  /** A reference (valid RF, or a number of a known series) that no document has. */
  | { readonly code: "unknown_reference"; readonly candidate: string };

export type QueueReason =
  | "no_match"
  | "ambiguous"
  | "amount_only"
  | "unknown_reference"
  | "unconfirmed_reference"
  | "document_not_open"
  | "currency_mismatch"
  | "several_customers";

export interface QueueCandidate {
  readonly documentId: string;
  readonly customerId: string;
  readonly number: string;
  readonly currency: CurrencyCode;
  readonly open: bigint;
  readonly why: MatchVia | "amount" | "payer";
}

export type IgnoreReason = "debit" | "reversal" | "not_booked" | "not_positive";

export type MatchDecision =
  | {
      readonly kind: "matched";
      readonly reason: "reference" | "amount_and_payer";
      /** The customer the payment is recorded for (the first document's); any credit is its. */
      readonly customerId: string;
      readonly currency: string;
      /** In the order the documents were named; Σ allocations + credit = line amount. */
      readonly allocations: readonly Allocation[];
      /** Over-payment held as credit on the account, minor units (≥ 0). */
      readonly credit: bigint;
      readonly flags: readonly MatchFlag[];
    }
  | {
      /** Every referenced document is no longer open: the whole amount is credit, flagged. */
      readonly kind: "credit";
      readonly reason: "document_not_open";
      readonly customerId: string;
      readonly currency: string;
      readonly credit: bigint;
      readonly flags: readonly MatchFlag[];
    }
  | {
      readonly kind: "queue";
      readonly reason: QueueReason;
      readonly candidates: readonly QueueCandidate[];
      readonly flags: readonly MatchFlag[];
    }
  | { readonly kind: "ignored"; readonly reason: IgnoreReason };

/** Most candidates listed on a queued line. */
export const MAX_QUEUE_CANDIDATES = 20;

// ---------------------------------------------------------------------------------------------
// Extracting references from free text
// ---------------------------------------------------------------------------------------------

/** A reference mentioned in the text, with its possible readings, most plausible first. */
export interface ReferenceCandidate {
  readonly kind: "rf" | "number";
  readonly forms: readonly string[];
}

/** Upper case, accents removed ("Közlemény" → "KOZLEMENY"). */
function scanText(text: string): string {
  // Only ASCII: nothing to decompose.
  if (/^[\x00-\x7f]*$/.test(text)) return text.toUpperCase();
  return text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toUpperCase();
}

/** Upper case, letters and digits only. */
function compact(text: string): string {
  if (/^[A-Z0-9]*$/.test(text)) return text;
  return text.toUpperCase().replace(/[^A-Z0-9]/g, "");
}

/** Whether compact(text) === key, without building the compacted string. */
function compactsTo(text: string, key: string): boolean {
  let k = 0;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) c -= 32;
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90))) continue;
    if (c !== key.charCodeAt(k)) return false;
    k++;
  }
  return k === key.length;
}

/** Letters that OCR and typing put where a digit belongs. */
function ocrDigits(s: string): string {
  if (!/[OIL]/.test(s)) return s;
  return s.replace(/[OIL]/g, (ch) => (ch === "O" ? "0" : "1"));
}

const RF_START = /(?<![A-Z0-9])RF(?=[ \-.]?[A-Z0-9])/g;

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
}

/** What banks and people put between the groups of a reference: space, hyphen, dot. */
function isRfSeparator(c: number): boolean {
  return c === 32 || c === 45 || c === 46;
}

/** Whether a word (two or more letters, then no letter or digit) starts at `pos`. */
function wordAt(text: string, pos: number): boolean {
  let i = pos;
  while (i < text.length && text.charCodeAt(i) >= 65 && text.charCodeAt(i) <= 90) i++;
  return i - pos >= 2 && !isAlnum(text.charCodeAt(i));
}
/** Longest RF body read from text: 21 allowed characters, plus room for a typed extra one. */
const MAX_RF_BODY = 23;
/** A Kapu reference body: series (1–10) + year + 6-digit sequence. */
const KAPU_BODY = /^[A-Z0-9]{1,10}\d{10}$/;

interface RfSpan {
  candidate: ReferenceCandidate;
  start: number;
  /** End (exclusive) of the most plausible reading in the scanned text. */
  end: number;
}

/**
 * Reads an RF reference from `from` (just after "RF"): groups of letters and digits
 * separated by single spaces, hyphens or dots, which banks and people insert anywhere
 * ("RF79 DBK2 0260 0012 3"). Where the reference ends is unknown when words follow, so every
 * group boundary is a possible end; check digits that validate pick the right one.
 */
function readRf(text: string, from: number): RfSpan | null {
  let pos = from;
  if (isRfSeparator(text.charCodeAt(pos))) pos++;
  let stream = "";
  const ends: { length: number; textEnd: number; beforeWord: boolean }[] = [];
  for (;;) {
    const groupStart = pos;
    while (isAlnum(text.charCodeAt(pos))) pos++;
    if (pos === groupStart) break;
    if (stream.length > 0 && text.startsWith("RF", groupStart)) {
      const c = text.charCodeAt(groupStart + 2);
      if (c >= 48 && c <= 57) break; // the next reference
    }
    stream += text.slice(groupStart, pos);
    const continues = isRfSeparator(text.charCodeAt(pos)) && isAlnum(text.charCodeAt(pos + 1));
    const beforeWord = !continues || wordAt(text, pos + 1);
    ends.push({ length: stream.length, textEnd: pos, beforeWord });
    if (stream.length - 2 > MAX_RF_BODY || !continues) break;
    pos++;
  }
  const check = stream.slice(0, 2);
  if (check.length < 2 || !/[0-9OIL]/.test(check)) return null;
  const readings: { form: string; textEnd: number; score: number; length: number }[] = [];
  const digitCheck = ocrDigits(check);
  for (const end of ends) {
    const body = stream.slice(2, end.length);
    if (body.length === 0 || body.length > MAX_RF_BODY) continue;
    const tail = body.length > 10 ? body.slice(0, -10) + ocrDigits(body.slice(-10)) : body;
    // As typed; with digits for O, I, L in the check digits; and in the year and sequence too.
    const forms = [`RF${check}${body}`];
    if (digitCheck !== check) forms.push(`RF${digitCheck}${body}`);
    if (tail !== body) forms.push(`RF${digitCheck}${tail}`);
    for (const form of forms) {
      const score =
        (hasValidCheckDigits(form) ? 8 : 0) +
        (KAPU_BODY.test(form.slice(4)) ? 4 : 0) +
        (/^RF\d\d/.test(form) ? 2 : 0) +
        (end.beforeWord ? 1 : 0);
      readings.push({ form, textEnd: end.textEnd, score, length: body.length });
    }
  }
  if (readings.length === 0) return null;
  readings.sort((a, b) => b.score - a.score || b.length - a.length);
  const best = readings[0];
  if (!best) return null;
  return {
    candidate: { kind: "rf", forms: readings.slice(0, 8).map((r) => r.form) },
    start: from - 2,
    end: best.textEnd,
  };
}

/**
 * A document number `{series}{sep}{year}{sep}{seq}`: series 1–10 letters/digits starting with a
 * letter, a year 19xx/20xx, a sequence of up to 9 digits; separators (none, spaces, - . / _) as
 * typed. O, I and L where digits belong are read as 0 and 1. A date (`2026.11.23`) is not one.
 */
const MAYBE_YEAR = /(?:19|2[0O])/;
const NUMBER =
  /(?<![A-Z0-9])([A-Z][A-Z0-9]{0,9}?)[\s\-./_]{0,3}((?:19|2[0O])[0-9OIL]{2})[\s\-./_]{0,3}([0-9OIL]{0,8}[0-9])(?![0-9]|[.\-/][0-9])/g;

/**
 * Finds the references a remittance text may contain, as structured candidates with their
 * readings (most plausible first). decideMatch tries every reading; extractReferences shows the
 * first.
 */
export function extractReferenceCandidates(remittance: string): ReferenceCandidate[] {
  let text = scanText(remittance);
  const found: { at: number; candidate: ReferenceCandidate }[] = [];
  const spans: RfSpan[] = [];
  if (text.includes("RF")) {
    for (const m of text.matchAll(RF_START)) {
      const span = readRf(text, m.index + 2);
      if (span) spans.push(span);
    }
  }
  for (const span of spans) {
    found.push({ at: span.start, candidate: span.candidate });
    text = text.slice(0, span.start) + " ".repeat(span.end - span.start) + text.slice(span.end);
  }
  for (const m of MAYBE_YEAR.test(text) ? text.matchAll(NUMBER) : []) {
    const [, series = "", rawYear = "", rawSeq = ""] = m;
    const year = ocrDigits(rawYear);
    const seq = ocrDigits(rawSeq);
    const canonical = `${series}${year}${String(Number(seq)).padStart(6, "0")}`;
    const typed = `${series}${year}${seq}`;
    const forms = canonical === typed ? [canonical] : [canonical, typed];
    found.push({ at: m.index, candidate: { kind: "number", forms } });
  }
  found.sort((a, b) => a.at - b.at);
  const seen = new Set<string>();
  return found
    .map((f) => f.candidate)
    .filter((c) => {
      const key = c.forms.join(" ");
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/**
 * The references in a remittance text, normalized for matchReference: RF creditor references in
 * electronic form (`RF79DBK2026000123`) and document numbers compacted with a 6-digit sequence
 * (`DBK2026000123`, also for `dbk 2026/123`), in the order they appear.
 */
export function extractReferences(remittance: string): string[] {
  return extractReferenceCandidates(remittance).flatMap((c) => c.forms.slice(0, 1));
}

// ---------------------------------------------------------------------------------------------
// Within one character: Damerau–Levenshtein (optimal string alignment) distance capped at 1
// ---------------------------------------------------------------------------------------------

/** 0 when equal, 1 when one substitution, insertion, deletion or adjacent swap apart, else 2. */
export function distanceAtMostOne(a: string, b: string): 0 | 1 | 2 {
  if (a === b) return 0;
  const la = a.length;
  const lb = b.length;
  if (la === lb) {
    let i = 0;
    while (a.charCodeAt(i) === b.charCodeAt(i)) i++;
    let j = la - 1;
    while (j > i && a.charCodeAt(j) === b.charCodeAt(j)) j--;
    if (j === i) return 1;
    if (j === i + 1 && a.charCodeAt(i) === b.charCodeAt(j) && a.charCodeAt(j) === b.charCodeAt(i))
      return 1;
    return 2;
  }
  if (la === lb + 1) return oneExtra(a, b) ? 1 : 2;
  if (lb === la + 1) return oneExtra(b, a) ? 1 : 2;
  return 2;
}

/** Whether deleting one character of `longer` gives `shorter`. */
function oneExtra(longer: string, shorter: string): boolean {
  let i = 0;
  while (i < shorter.length && longer.charCodeAt(i) === shorter.charCodeAt(i)) i++;
  for (let k = i; k < shorter.length; k++) {
    if (longer.charCodeAt(k + 1) !== shorter.charCodeAt(k)) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// The reference index: symmetric-delete hashing in typed arrays
// ---------------------------------------------------------------------------------------------

/**
 * Keys longer than this are not indexed or looked up (RF references have at most 25 characters,
 * document numbers at most 60).
 */
const MAX_KEY = 64;
const BASE = 0x01000193;
const POW = new Int32Array(MAX_KEY + 1);
POW[0] = 1;
for (let i = 1; i <= MAX_KEY; i++) POW[i] = Math.imul(POW[i - 1] ?? 0, BASE);

function finish(h: number, length: number): number {
  let x = h ^ Math.imul(length, 0x9e3779b1);
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * A key's tag: 0–99 for the body of a document's RF reference (series + year + 6-digit sequence),
 * the value being the reference's check digits; KEY_NUMBER for a compacted document number that
 * differs from the body.
 */
const KEY_NUMBER = 200;
/** Probe filter: any reference body, whatever its check digits. */
const KEY_BODY = -1;

/**
 * Hashes `s` and (with deletions) every string one deletion away into `out`, without building
 * the strings: polynomial prefix and suffix hashes combine into each deletion's hash. Deleting
 * any character of a run gives the same string, so runs count once. Returns how many.
 */
function hashVariants(
  s: string,
  deletions: boolean,
  pre: Int32Array,
  suf: Int32Array,
  out: Uint32Array,
): number {
  const L = s.length;
  pre[0] = 0;
  for (let i = 0; i < L; i++) pre[i + 1] = (Math.imul(pre[i] ?? 0, BASE) + s.charCodeAt(i)) | 0;
  out[0] = finish(pre[L] ?? 0, L);
  if (!deletions) return 1;
  suf[L] = 0;
  for (let i = L - 1; i >= 0; i--)
    suf[i] = (Math.imul(s.charCodeAt(i), POW[L - 1 - i] ?? 0) + (suf[i + 1] ?? 0)) | 0;
  let n = 1;
  for (let i = 0; i < L; i++) {
    if (i > 0 && s.charCodeAt(i) === s.charCodeAt(i - 1)) continue;
    const h = (Math.imul(pre[i] ?? 0, POW[L - 1 - i] ?? 0) + (suf[i + 1] ?? 0)) | 0;
    out[n++] = finish(h, L - 1);
  }
  return n;
}

export type ReferenceMatch =
  | {
      readonly kind: "exact";
      readonly via: "reference" | "number";
      readonly document: MatchDocument;
    }
  | {
      readonly kind: "corrected";
      readonly via: "reference" | "number";
      readonly document: MatchDocument;
    }
  | {
      readonly kind: "ambiguous";
      readonly via: "reference" | "number";
      readonly documents: readonly MatchDocument[];
    }
  | {
      readonly kind: "unknown";
      readonly via: "reference" | "number";
      /** An RF reference whose check digits are right: someone's reference, not a typo. */
      readonly checkDigitsValid: boolean;
    };

/**
 * Every document's keys — the body of its RF reference (`DBK2026000123`) and, when its number
 * compacts to something else, the compacted number — with each key's deletion neighbourhood
 * (the key and every string one deletion away) hashed into a bucketed table of typed arrays.
 * Two strings are within one edit (substitution, insertion, deletion or adjacent swap) only if
 * their deletion neighbourhoods share a string, so a lookup hashes the query's ~L+1 variants,
 * reads their buckets and verifies the few keys found: no comparison against all documents.
 * 1M documents take about 120 MB of typed arrays (outside the JS heap) plus the key arrays.
 */
export class ReferenceIndex {
  readonly documents: readonly MatchDocument[];
  readonly #references: (string | null)[];
  readonly #keys: string[] = [];
  readonly #keyDocument: number[] = [];
  /** Key tags (see KEY_NUMBER) in a typed array: probes read them for every hit. */
  #keyTag = new Uint8Array(0);
  readonly #tags: number[] = [];
  #byId: Map<string, number> | null = null;
  readonly #series = new Set<string>();
  readonly #shift: number;
  readonly #offsets: Uint32Array;
  /** Per bucket (from #offsets): pairs of (variant hash, key ordinal), side by side. */
  readonly #table: Uint32Array;
  readonly #prefix = new Int32Array(MAX_KEY + 1);
  readonly #suffix = new Int32Array(MAX_KEY + 1);
  readonly #variants = new Uint32Array(MAX_KEY + 1);

  constructor(documents: readonly MatchDocument[]) {
    this.documents = documents;
    this.#references = new Array<string | null>(documents.length);
    let upper = 0;
    let lastSeries = "";
    documents.forEach((doc, i) => {
      const compacted = doc.reference === null ? null : compact(doc.reference);
      const ref = compacted !== null && hasValidCheckDigits(compacted) ? compacted : null;
      this.#references[i] = ref;
      const body = ref === null ? null : ref.slice(4);
      if (ref !== null && body !== null) {
        upper += this.#addKey(body, i, Number(ref.slice(2, 4)));
        if (
          body.length > 10 &&
          !(body.length - 10 === lastSeries.length && body.startsWith(lastSeries))
        ) {
          lastSeries = body.slice(0, -10);
          this.#series.add(lastSeries);
        }
      }
      if (body === null || !compactsTo(doc.number, body)) {
        const number = compact(doc.number);
        if (number.length > 0) upper += this.#addKey(number, i, KEY_NUMBER);
      }
    });
    this.#keyTag = Uint8Array.from(this.#tags);
    this.#tags.length = 0;
    const bits = Math.max(4, Math.min(28, Math.ceil(Math.log2(upper + 1)) - 4));
    const shift = 32 - bits;
    this.#shift = shift;
    // Counting sort of every key's variants into 2^bits buckets (about 8–16 entries each): one
    // pass counts, the other places (hash, key) pairs; hashing twice is cheaper than storing.
    const offsets = new Uint32Array((1 << bits) + 1);
    const keys = this.#keys;
    const pre = this.#prefix;
    const suf = this.#suffix;
    const variants = this.#variants;
    for (let k = 0; k < keys.length; k++) {
      const n = hashVariants(keys[k] ?? "", true, pre, suf, variants);
      for (let v = 0; v < n; v++) {
        const b = ((variants[v] ?? 0) >>> shift) + 1;
        offsets[b] = (offsets[b] ?? 0) + 1;
      }
    }
    for (let b = 1; b < offsets.length; b++) offsets[b] = (offsets[b] ?? 0) + (offsets[b - 1] ?? 0);
    const total = offsets[offsets.length - 1] ?? 0;
    const table = new Uint32Array(total * 2);
    const cursor = offsets.slice(0, -1);
    for (let k = 0; k < keys.length; k++) {
      const n = hashVariants(keys[k] ?? "", true, pre, suf, variants);
      for (let v = 0; v < n; v++) {
        const h = variants[v] ?? 0;
        const b = h >>> shift;
        const at = cursor[b] ?? 0;
        cursor[b] = at + 1;
        table[2 * at] = h;
        table[2 * at + 1] = k;
      }
    }
    this.#table = table;
    this.#offsets = offsets;
  }

  /** Indexes `key`; returns how many table entries it may need at most. */
  #addKey(key: string, document: number, tag: number): number {
    if (key.length === 0 || key.length > MAX_KEY) return 0;
    this.#keys.push(key);
    this.#keyDocument.push(document);
    this.#tags.push(tag);
    return key.length + 1;
  }

  #hashVariants(s: string, deletions: boolean): number {
    return hashVariants(s, deletions, this.#prefix, this.#suffix, this.#variants);
  }

  /**
   * Calls `visit` with every key within `maxDistance` (0 or 1) of `q` (possibly more than once).
   * `tag` filters before anything else is read: null for all keys, KEY_BODY for every reference
   * body, 0–99 for the bodies of references with these check digits.
   */
  #probe(
    q: string,
    maxDistance: 0 | 1,
    tag: number | null,
    visit: (key: number, distance: number) => void,
  ): void {
    if (q.length === 0 || q.length > MAX_KEY) return;
    const variants = this.#variants;
    const table = this.#table;
    const n = this.#hashVariants(q, maxDistance === 1);
    for (let v = 0; v < n; v++) {
      const h = variants[v] ?? 0;
      const b = h >>> this.#shift;
      const end = this.#offsets[b + 1] ?? 0;
      for (let e = this.#offsets[b] ?? 0; e < end; e++) {
        if (table[2 * e] !== h) continue;
        const k = table[2 * e + 1] ?? 0;
        if (tag !== null) {
          const t = this.#keyTag[k] ?? KEY_NUMBER;
          if (tag === KEY_BODY ? t >= 100 : t !== tag) continue;
        }
        const d = distanceAtMostOne(q, this.#keys[k] ?? "");
        if (d <= maxDistance) visit(k, d);
      }
    }
  }

  #result(
    exact: number[],
    close: number[],
    via: "reference" | "number",
    valid: boolean,
  ): ReferenceMatch {
    const docs = exact.length > 0 ? exact : close;
    const [first] = docs;
    if (first === undefined) return { kind: "unknown", via, checkDigitsValid: valid };
    if (docs.length > 1)
      return { kind: "ambiguous", via, documents: docs.map((d) => this.#doc(d)) };
    return { kind: exact.length > 0 ? "exact" : "corrected", via, document: this.#doc(first) };
  }

  #doc(ordinal: number): MatchDocument {
    const doc = this.documents[ordinal];
    if (!doc) throw new Error(`No document #${ordinal}`);
    return doc;
  }

  /**
   * A compact RF reference: exact; else, when its check digits are wrong, the documents whose
   * reference is one edit away. With "RF" intact, one edit either touches the check digits —
   * then the body is exact behind 3, 4 or 5 characters, or (last check digit swapped with the
   * body's first) exact once the swap is undone — or touches the body, and then the check digits
   * are the same and the body is within one edit: a fuzzy probe filtered by check digits first,
   * which keeps it cheap where sequences are dense.
   */
  matchCreditorReference(ref: string): ReferenceMatch {
    const valid = hasValidCheckDigits(ref);
    const refs = this.#references;
    const keyDocument = this.#keyDocument;
    const exact: number[] = [];
    this.#probe(ref.slice(4), 0, KEY_BODY, (k) => {
      const d = keyDocument[k] ?? -1;
      if (refs[d] === ref && !exact.includes(d)) exact.push(d);
    });
    if (exact.length > 0 || valid) return this.#result(exact, [], "reference", valid);
    const close: number[] = [];
    const visit = (k: number): void => {
      const d = keyDocument[k] ?? -1;
      const known = refs[d];
      if (known && !close.includes(d) && distanceAtMostOne(ref, known) === 1) close.push(d);
    };
    for (const from of [3, 4, 5]) this.#probe(ref.slice(from), 0, KEY_BODY, visit);
    if (ref.length > 5) this.#probe(ref.charAt(3) + ref.slice(5), 0, KEY_BODY, visit);
    const check = ref.slice(2, 4);
    if (/^\d\d$/.test(check)) this.#probe(ref.slice(4), 1, Number(check), visit);
    return this.#result([], close, "reference", false);
  }

  /** A compact document number (or reference body): exact, else one edit from exactly one. */
  matchNumber(number: string): ReferenceMatch {
    const docs: number[] = [];
    const visit = (k: number): void => {
      const d = this.#keyDocument[k] ?? -1;
      if (!docs.includes(d)) docs.push(d);
    };
    this.#probe(number, 0, null, visit);
    if (docs.length > 0) return this.#result(docs, [], "number", false);
    this.#probe(number, 1, null, visit);
    return this.#result([], docs, "number", false);
  }

  /** A document by id (the id map is built on first use: only supersessions need it). */
  byId(id: string): MatchDocument | undefined {
    if (this.#byId === null) {
      const map = new Map<string, number>();
      this.documents.forEach((doc, i) => map.set(doc.id, i));
      this.#byId = map;
    }
    const i = this.#byId.get(id);
    return i === undefined ? undefined : this.documents[i];
  }

  /** Whether some document's reference has this series (to tell numbers from noise). */
  hasSeries(series: string): boolean {
    return this.#series.has(series);
  }
}

/**
 * Builds the index over the documents a statement may pay: the open ones, plus those closed
 * recently enough that a late or duplicate payment for them should be recognised (a document
 * not in the index is an unknown reference). Documents whose reference fails its check digits
 * are indexed by number only.
 */
export function buildReferenceIndex(documents: readonly MatchDocument[]): ReferenceIndex {
  return new ReferenceIndex(documents);
}

/**
 * Resolves one reference (as extractReferences returns it, or as typed: case and separators do
 * not matter) against the index.
 *
 * - An `RF…` reference: exact; when its check digits are right but no document has it, unknown
 *   (a correct reference of something else is not a typo of ours); when they are wrong, the one
 *   known reference within one edit (`corrected`), several → `ambiguous`; failing that, its body
 *   is tried as a document number (`via: "number"`), e.g. a proforma number behind made-up
 *   check digits.
 * - Anything else is a document number: exact on the reference bodies and compacted numbers,
 *   then within one edit, accepted only when exactly one document is that close.
 */
export function matchReference(candidate: string, index: ReferenceIndex): ReferenceMatch {
  const c = compact(candidate);
  if (/^RF[A-Z0-9]{3}/.test(c)) {
    const rf = index.matchCreditorReference(c);
    if (rf.kind !== "unknown" || rf.checkDigitsValid) return rf;
    const body = index.matchNumber(c.slice(4));
    if (body.kind !== "unknown") return body;
    const whole = index.matchNumber(c);
    return whole.kind === "unknown" ? rf : whole;
  }
  return index.matchNumber(c);
}

// ---------------------------------------------------------------------------------------------
// Payers: names and accounts
// ---------------------------------------------------------------------------------------------

/** Legal-form words (HU, FI, SI, DE, EN and neighbours), compared after dots are removed. */
const LEGAL_FORMS = new Set([
  // Hungarian
  "KFT",
  "BT",
  "ZRT",
  "NYRT",
  "RT",
  "KKT",
  "EV",
  "KHT",
  "NONPROFIT",
  // Finnish
  "OY",
  "OYJ",
  "AY",
  "KY",
  "TMI",
  "AB",
  // Slovenian, Croatian, Serbian
  "DOO",
  "DD",
  "SP",
  "DNO",
  // German, Austrian
  "GMBH",
  "AG",
  "KG",
  "UG",
  "OHG",
  "EU", // e.U.
  // English, others
  "LTD",
  "LIMITED",
  "LLC",
  "INC",
  "PLC",
  "CORP",
  "SRO",
  "AS",
  "SRL",
  "SA",
  "BV",
  "NV",
]);
const TITLES = new Set(["DR", "IFJ", "OZV", "ID"]);

/**
 * A payer name reduced for comparison: case, accents and punctuation ignored, legal forms
 * (Kft., Bt., Zrt., Oy, GmbH, d.o.o. …) and titles (dr., ifj.) dropped at either end, word order
 * ignored ("Kovács János" = "JANOS KOVACS"). Null when nothing is left.
 */
export function normalizePayerName(name: string): string | null {
  const words = scanText(name)
    .replace(/[.']/g, "")
    .split(/[^A-Z0-9]+/)
    .filter((w) => w.length > 0);
  while (words.length > 1 && LEGAL_FORMS.has(words[words.length - 1] ?? "")) words.pop();
  while (words.length > 1 && (LEGAL_FORMS.has(words[0] ?? "") || TITLES.has(words[0] ?? "")))
    words.shift();
  if (words.length === 0) return null;
  return words.sort().join(" ");
}

/**
 * An account reduced for comparison: a Hungarian IBAN and a domestic number (16 or 24 digits)
 * give the same 24-digit BBAN; other IBANs stay IBANs. Null for nothing usable (masked, short).
 */
export function normalizeAccount(account: string): string | null {
  const s = compact(account);
  if (/^HU\d{26}$/.test(s)) return s.slice(4);
  if (/^\d{16}$/.test(s)) return `${s}00000000`;
  if (/^\d{24}$/.test(s)) return s;
  if (/^[A-Z]{2}\d{2}[A-Z0-9]{8,30}$/.test(s)) return s;
  return null;
}

// ---------------------------------------------------------------------------------------------
// Match context and run state
// ---------------------------------------------------------------------------------------------

/** An amount as a map key: a number while exact (hashing bigints is slow), else its digits. */
type AmountKey = number | string;

function amountKey(amount: bigint): AmountKey {
  return amount <= 9_007_199_254_740_991n && amount >= -9_007_199_254_740_991n
    ? Number(amount)
    : amount.toString();
}

export interface MatchContext {
  readonly index: ReferenceIndex;
  /** Open documents by currency and open amount (document ordinals). */
  readonly byAmount: ReadonlyMap<string, ReadonlyMap<AmountKey, readonly number[]>>;
  /** Open documents per customer (document ordinals). */
  readonly openByCustomer: ReadonlyMap<string, readonly number[]>;
  readonly customersByAccount: ReadonlyMap<string, readonly string[]>;
  readonly customersByName: ReadonlyMap<string, readonly string[]>;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

/** The index plus what rule 2 needs: open documents by amount and by customer, and payers. */
export function buildMatchContext(
  index: ReferenceIndex,
  customers: Iterable<CustomerIdentity>,
): MatchContext {
  const byAmount = new Map<string, Map<AmountKey, number[]>>();
  const openByCustomer = new Map<string, number[]>();
  index.documents.forEach((doc, i) => {
    if (doc.status !== "open" || doc.open <= 0n) return;
    let amounts = byAmount.get(doc.currency);
    if (!amounts) {
      amounts = new Map<AmountKey, number[]>();
      byAmount.set(doc.currency, amounts);
    }
    const key = amountKey(doc.open);
    const list = amounts.get(key);
    if (list) list.push(i);
    else amounts.set(key, [i]);
    const own = openByCustomer.get(doc.customerId);
    if (own) own.push(i);
    else openByCustomer.set(doc.customerId, [i]);
  });
  const customersByAccount = new Map<string, string[]>();
  const customersByName = new Map<string, string[]>();
  for (const c of customers) {
    for (const a of c.accounts) {
      const key = normalizeAccount(a);
      if (key) push(customersByAccount, key, c.customerId);
    }
    for (const n of c.names) {
      const key = normalizePayerName(n);
      if (key) push(customersByName, key, c.customerId);
    }
  }
  return { index, byAmount, openByCustomer, customersByAccount, customersByName };
}

/**
 * What earlier lines of the same import already allocated, so that a document paid by one line
 * is no longer open for the next (a proforma paid twice in one statement ends with credit).
 */
export interface MatchRun {
  readonly allocated: Map<string, bigint>;
}

export function newMatchRun(): MatchRun {
  return { allocated: new Map() };
}

/** Adds a decision's allocations to the run. */
export function recordDecision(run: MatchRun, decision: MatchDecision): void {
  if (decision.kind !== "matched") return;
  for (const a of decision.allocations) {
    run.allocated.set(a.documentId, (run.allocated.get(a.documentId) ?? 0n) + a.amount);
  }
}

/** Decides every line in order, each seeing what the earlier ones allocated. */
export function decideMatches(lines: Iterable<MatchLine>, ctx: MatchContext): MatchDecision[] {
  const run = newMatchRun();
  const out: MatchDecision[] = [];
  for (const line of lines) {
    const decision = decideMatch(line, ctx, run);
    recordDecision(run, decision);
    out.push(decision);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The decision
// ---------------------------------------------------------------------------------------------

interface Resolved {
  doc: MatchDocument;
  via: MatchVia;
  /** An exact RF reference: needs no confirmation. */
  strong: boolean;
}

function openAmount(doc: MatchDocument, run: MatchRun | undefined): bigint {
  if (doc.status !== "open") return 0n;
  const left = doc.open - (run?.allocated.get(doc.id) ?? 0n);
  return left > 0n ? left : 0n;
}

function candidate(
  doc: MatchDocument,
  why: QueueCandidate["why"],
  run: MatchRun | undefined,
): QueueCandidate {
  return {
    documentId: doc.id,
    customerId: doc.customerId,
    number: doc.number,
    currency: doc.currency,
    open: openAmount(doc, run),
    why,
  };
}

function queue(
  reason: QueueReason,
  candidates: QueueCandidate[],
  flags: MatchFlag[],
): MatchDecision {
  const unique = new Map<string, QueueCandidate>();
  for (const c of candidates) if (!unique.has(c.documentId)) unique.set(c.documentId, c);
  return {
    kind: "queue",
    reason,
    candidates: [...unique.values()].slice(0, MAX_QUEUE_CANDIDATES),
    flags,
  };
}

/** The customers the line's payer is known as (by account or by name). */
function payerCustomers(line: MatchLine, ctx: MatchContext): Set<string> {
  const out = new Set<string>();
  for (const account of [line.counterpartyIban, line.counterpartyAccount]) {
    const key = account ? normalizeAccount(account) : null;
    for (const c of (key && ctx.customersByAccount.get(key)) || []) out.add(c);
  }
  const name = line.counterpartyName ? normalizePayerName(line.counterpartyName) : null;
  for (const c of (name && ctx.customersByName.get(name)) || []) out.add(c);
  return out;
}

const VIA: Record<"reference" | "number", Record<"exact" | "corrected", MatchVia>> = {
  reference: { exact: "reference", corrected: "reference_corrected" },
  number: { exact: "number", corrected: "number_corrected" },
};

/**
 * Decides one statement line (see the rules at the top of this file). Pass the run of the
 * import (decideMatches does) so that documents paid by earlier lines count as paid.
 */
export function decideMatch(line: MatchLine, ctx: MatchContext, run?: MatchRun): MatchDecision {
  if (line.direction !== "credit") return { kind: "ignored", reason: "debit" };
  if (line.reversal === true) return { kind: "ignored", reason: "reversal" };
  if (line.booked === false) return { kind: "ignored", reason: "not_booked" };
  if (line.amount <= 0n) return { kind: "ignored", reason: "not_positive" };

  const { index } = ctx;
  const flags: MatchFlag[] = [];
  const resolved: Resolved[] = [];
  const ambiguous: MatchDocument[][] = [];
  const text = [line.structuredReference ?? "", line.remittance].join(" ");

  for (const cand of extractReferenceCandidates(text)) {
    let match: ReferenceMatch | null = null;
    // A reading whose check digits are right is the reference; the others are then noise.
    const forms =
      cand.kind === "rf" && hasValidCheckDigits(cand.forms[0] ?? "")
        ? cand.forms.filter(hasValidCheckDigits)
        : cand.forms;
    for (const form of forms) {
      const m = matchReference(form, index);
      if (m.kind !== "unknown") {
        match = m;
        break;
      }
    }
    const first = cand.forms[0] ?? "";
    if (match === null) {
      const meaningful =
        cand.kind === "rf"
          ? cand.forms.some(hasValidCheckDigits)
          : first.length > 10 && index.hasSeries(first.slice(0, -10));
      if (meaningful) flags.push({ code: "unknown_reference", candidate: first });
      continue;
    }
    if (match.kind === "ambiguous") {
      ambiguous.push([...match.documents]);
      continue;
    }
    const doc = match.document;
    const strong = match.kind === "exact" && match.via === "reference";
    const existing = resolved.find((r) => r.doc.id === doc.id);
    if (existing) {
      // Named again (RF reference and number): the best evidence counts.
      if (strong && !existing.strong) {
        existing.strong = true;
        existing.via = "reference";
      }
      continue;
    }
    if (match.kind === "corrected")
      flags.push({ code: "reference_corrected", documentId: doc.id, candidate: first });
    resolved.push({ doc, via: VIA[match.via][match.kind], strong });
  }

  // An ambiguous correction that another mention already settles is that mention's echo.
  const unsettled = ambiguous.filter(
    (docs) => !docs.some((d) => resolved.some((r) => r.doc.id === d.id)),
  );
  if (unsettled.length > 0) {
    return queue(
      "ambiguous",
      [
        ...resolved.map((r) => candidate(r.doc, r.via, run)),
        ...unsettled.flat().map((d) => candidate(d, "reference_corrected", run)),
      ],
      flags,
    );
  }

  if (resolved.length === 0) return byAmountAndPayer(line, ctx, run, flags);

  // A cancelled proforma superseded by an open one: the payment is for the replacement.
  for (const r of resolved) {
    let doc = r.doc;
    for (let hop = 0; hop < 5 && doc.status === "cancelled" && doc.supersededById; hop++) {
      const next = index.byId(doc.supersededById);
      if (!next) break;
      doc = next;
    }
    if (doc !== r.doc && doc.status === "open") {
      flags.push({ code: "superseded", documentId: r.doc.id, replacementId: doc.id });
      r.doc = doc;
    }
  }
  const docs = resolved.filter((r, i) => resolved.findIndex((s) => s.doc.id === r.doc.id) === i);

  if (docs.some((r) => r.doc.currency !== line.currency)) {
    return queue(
      "currency_mismatch",
      docs.map((r) => candidate(r.doc, r.via, run)),
      flags,
    );
  }

  if (docs.some((r) => !r.strong)) {
    const payers = payerCustomers(line, ctx);
    const byPayer = docs.every((r) => r.strong || payers.has(r.doc.customerId));
    let open = 0n;
    let total = 0n;
    for (const r of docs) {
      open += openAmount(r.doc, run);
      total += r.doc.total;
    }
    if (!byPayer && line.amount !== open && line.amount !== total) {
      return queue(
        "unconfirmed_reference",
        docs.map((r) => candidate(r.doc, r.via, run)),
        flags,
      );
    }
  }

  let remaining = line.amount;
  const allocations: Allocation[] = [];
  for (const r of docs) {
    const open = openAmount(r.doc, run);
    if (open === 0n) {
      const status = r.doc.status === "cancelled" ? "cancelled" : "paid";
      flags.push({ code: "document_not_open", documentId: r.doc.id, status });
      continue;
    }
    if (remaining === 0n) continue; // named, but nothing left for it: stays open
    const amount = remaining < open ? remaining : open;
    allocations.push({ documentId: r.doc.id, amount, via: r.via });
    remaining -= amount;
  }

  const customers = new Set(docs.map((r) => r.doc.customerId));
  const [customerId] = customers;
  if (customerId === undefined) throw new Error("unreachable: resolved documents without customer");
  if (remaining > 0n && customers.size > 1) {
    return queue(
      allocations.length === 0 ? "document_not_open" : "several_customers",
      docs.map((r) => candidate(r.doc, r.via, run)),
      flags,
    );
  }
  if (allocations.length === 0) {
    return {
      kind: "credit",
      reason: "document_not_open",
      customerId,
      currency: line.currency,
      credit: line.amount,
      flags,
    };
  }
  const firstId = allocations[0]?.documentId;
  return {
    kind: "matched",
    reason: "reference",
    customerId: docs.find((r) => r.doc.id === firstId)?.doc.customerId ?? customerId,
    currency: line.currency,
    allocations,
    credit: remaining,
    flags,
  };
}

/** Rule 2: no reference resolved. */
function byAmountAndPayer(
  line: MatchLine,
  ctx: MatchContext,
  run: MatchRun | undefined,
  flags: MatchFlag[],
): MatchDecision {
  const docs = ctx.index.documents;
  const byAmount = (ctx.byAmount.get(line.currency)?.get(amountKey(line.amount)) ?? [])
    .map((i) => docs[i])
    .filter((d): d is MatchDocument => d !== undefined && openAmount(d, run) === line.amount);
  const payers = payerCustomers(line, ctx);
  const payerMatched = byAmount.filter((d) => payers.has(d.customerId));
  const [only] = payerMatched;
  if (payerMatched.length === 1 && only) {
    return {
      kind: "matched",
      reason: "amount_and_payer",
      customerId: only.customerId,
      currency: line.currency,
      allocations: [{ documentId: only.id, amount: line.amount, via: "amount_and_payer" }],
      credit: 0n,
      flags,
    };
  }
  if (payerMatched.length > 1) {
    return queue(
      "ambiguous",
      payerMatched.map((d) => candidate(d, "amount_and_payer", run)),
      flags,
    );
  }
  const amountCandidates = byAmount.map((d) => candidate(d, "amount", run));
  if (byAmount.length > 1) return queue("ambiguous", amountCandidates, flags);
  if (byAmount.length === 1) return queue("amount_only", amountCandidates, flags);
  const payerCandidates: QueueCandidate[] = [];
  for (const customerId of payers) {
    for (const i of ctx.openByCustomer.get(customerId) ?? []) {
      const d = docs[i];
      if (d && d.currency === line.currency && openAmount(d, run) > 0n)
        payerCandidates.push(candidate(d, "payer", run));
    }
  }
  const unknown = flags.some((f) => f.code === "unknown_reference");
  return queue(unknown ? "unknown_reference" : "no_match", payerCandidates, flags);
}
