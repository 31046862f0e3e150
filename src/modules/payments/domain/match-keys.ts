/**
 * Which documents a statement line can match, as keys to read: the import reads only these
 * documents instead of every open one, and decideMatch over them decides as it would over all.
 *
 * decideMatch resolves the references found in a line's text against a ReferenceIndex (see
 * matching.ts); every probe it makes has an answer among a small set of documents whose RF
 * reference can be computed in advance:
 *
 * - an RF reference, exactly: that reference;
 * - an RF reference whose check digits are wrong: the references of its body read three ways
 *   (the check digits mistyped), and — the body mistyped — the bodies within one edit whose check
 *   digits are the typed ones; when none of those exists, its body and the whole text as a
 *   document number (below);
 * - a document number (or a body): the reference of that body exactly, else of every body within
 *   one edit.
 *
 * Billing makes every proforma and invoice reference from its series, year and sequence
 * (`RF` + check digits + series + 4-digit year + sequence of 6 or more digits), so the bodies
 * within one edit that can belong to a document have that shape with a series in use:
 * structuredNeighbours enumerates only those, about a hundred per probe instead of a thousand.
 * A document number that does not compact to its reference's body (a custom number format) is
 * found through its body, as numbers are extracted as series + year + sequence.
 */
import { creditorReference, hasValidCheckDigits } from "../../../platform/creditor-reference.ts";
import { mod97 } from "../../../platform/iso7064.ts";
import { distanceAtMostOne, extractReferenceCandidates, type MatchLine } from "./matching.ts";

/** Longest body of an RF creditor reference (ISO 11649). */
const MAX_BODY = 21;
const RF_FORM = /^RF[A-Z0-9]{3}/;
const BODY = /^[A-Z0-9]{1,21}$/;

/** The check digits billing's creditorReference gives a body (letters and digits only). */
export function checkDigitsOf(body: string): string {
  const check = 98 - ((mod97(body) * 1_000_000 + 271_500) % 97);
  return String(check).padStart(2, "0");
}

/** The RF reference of a body, null when it cannot be one. */
export function referenceOfBody(body: string): string | null {
  return BODY.test(body) ? creditorReference(body) : null;
}

/**
 * Every string within one edit (substitution, insertion, deletion, adjacent transposition) of
 * `q`, `q` included, that is a series of `series` followed by 10 or more digits and at most
 * 21 characters long: the document reference bodies `q` may be a typo of.
 */
export function structuredNeighbours(q: string, series: readonly string[]): string[] {
  const out = new Set<string>();
  for (const s of series) if (s.length > 0) neighboursWithSeries(q, s, out);
  return [...out];
}

const DIGITS = "0123456789";

function neighboursWithSeries(q: string, s: string, out: Set<string>): void {
  const L = q.length;
  const S = s.length;
  const minLength = S + 10;
  if (L + 1 < minLength || L - 1 > MAX_BODY) return;
  const fits = (pos: number, code: number): boolean =>
    pos < S ? code === s.charCodeAt(pos) : code >= 48 && code <= 57;
  // pre[i]: q[0, i) fits positions 0 … i-1.
  const pre: boolean[] = [true];
  for (let i = 0; i < L; i++) pre.push((pre[i] ?? false) && fits(i, q.charCodeAt(i)));
  // suffix(d)[i]: q[i, L) fits positions i+d … L-1+d.
  const suffix = (d: number): boolean[] => {
    const a = new Array<boolean>(L + 1).fill(false);
    a[L] = true;
    for (let i = L - 1; i >= 0; i--)
      a[i] = (a[i + 1] ?? false) && i + d >= 0 && fits(i + d, q.charCodeAt(i));
    return a;
  };
  const same = suffix(0);
  const fitsLength = (n: number) => n >= minLength && n <= MAX_BODY;
  const allowed = (pos: number): string => (pos < S ? s.charAt(pos) : DIGITS);

  if (fitsLength(L)) {
    if (pre[L]) out.add(q);
    for (let i = 0; i < L; i++) {
      if (!pre[i] || !same[i + 1]) continue;
      for (const c of allowed(i))
        if (c !== q.charAt(i)) out.add(q.slice(0, i) + c + q.slice(i + 1));
    }
    for (let i = 0; i + 1 < L; i++) {
      const a = q.charCodeAt(i);
      const b = q.charCodeAt(i + 1);
      if (a !== b && pre[i] && same[i + 2] && fits(i, b) && fits(i + 1, a))
        out.add(q.slice(0, i) + q.charAt(i + 1) + q.charAt(i) + q.slice(i + 2));
    }
  }
  if (fitsLength(L - 1)) {
    const shifted = suffix(-1);
    for (let i = 0; i < L; i++)
      if (pre[i] && shifted[i + 1]) out.add(q.slice(0, i) + q.slice(i + 1));
  }
  if (fitsLength(L + 1)) {
    const shifted = suffix(1);
    for (let i = 0; i <= L; i++) {
      if (!pre[i] || !shifted[i]) continue;
      for (const c of allowed(i)) out.add(q.slice(0, i) + c + q.slice(i));
    }
  }
}

/** An RF reference typed with wrong check digits, and the references decideMatch may read for it. */
export interface RfProbe {
  readonly form: string;
  readonly references: readonly string[];
}

/** What a line's text mentions, as keys to read (see the top of this file). */
export interface LineKeys {
  /** RF references with right check digits: found exactly or not at all. */
  readonly exact: readonly string[];
  /** Every reference to read in the first pass. */
  readonly references: readonly string[];
  /**
   * RF references with wrong check digits: when no reference among theirs is within one edit,
   * decideMatch reads their body and the whole form as numbers (numberFallbacks).
   */
  readonly rfProbes: readonly RfProbe[];
  /** Document numbers (and bodies): exactly in the first pass, within one edit when not exact. */
  readonly numbers: readonly string[];
  /** Whether the text mentions anything that may be a reference. */
  readonly mentions: boolean;
}

/** The first pass's keys of a line (decideMatch's text: structured reference + remittance). */
export function keysOfLine(
  line: Pick<MatchLine, "remittance" | "structuredReference">,
  series: readonly string[],
): LineKeys {
  const text = [line.structuredReference ?? "", line.remittance].join(" ");
  const references = new Set<string>();
  const exact: string[] = [];
  const rfProbes: RfProbe[] = [];
  const numbers: string[] = [];
  const addBody = (body: string, into: Set<string>) => {
    const ref = referenceOfBody(body);
    if (ref !== null) into.add(ref);
  };
  const candidates = extractReferenceCandidates(text);
  for (const cand of candidates) {
    const forms =
      cand.kind === "rf" && hasValidCheckDigits(cand.forms[0] ?? "")
        ? cand.forms.filter(hasValidCheckDigits)
        : cand.forms;
    for (const form of forms) {
      if (!RF_FORM.test(form)) {
        addBody(form, references);
        numbers.push(form);
        continue;
      }
      references.add(form);
      if (hasValidCheckDigits(form)) {
        exact.push(form);
        continue;
      }
      const own = new Set<string>([form]);
      for (const body of [
        form.slice(3),
        form.slice(4),
        form.slice(5),
        form.charAt(3) + form.slice(5),
      ])
        addBody(body, own);
      const check = form.slice(2, 4);
      if (/^\d\d$/.test(check)) {
        for (const body of structuredNeighbours(form.slice(4), series))
          if (checkDigitsOf(body) === check) own.add(`RF${check}${body}`);
      }
      for (const r of own) references.add(r);
      // Read with the first pass, in case the fallback needs them exactly.
      addBody(form.slice(4), references);
      addBody(form, references);
      rfProbes.push({ form, references: [...own] });
    }
  }
  return { exact, references: [...references], rfProbes, numbers, mentions: candidates.length > 0 };
}

/**
 * Whether decideMatch finds an RF reference with wrong check digits (exactly or within one edit)
 * among the references read: otherwise it tries the form's body and the whole form as numbers.
 */
export function rfProbeResolves(probe: RfProbe, known: (reference: string) => boolean): boolean {
  return probe.references.some(
    (r) => known(r) && (r === probe.form || distanceAtMostOne(probe.form, r) === 1),
  );
}

/** The second pass: the references of every body within one edit of a number. */
export function referencesNearNumber(number: string, series: readonly string[]): string[] {
  const out: string[] = [];
  for (const body of structuredNeighbours(number, series)) {
    const ref = referenceOfBody(body);
    if (ref !== null) out.push(ref);
  }
  return out;
}

/** Whether decideMatch treats the line as a possible payment (else it is ignored). */
export function isPayment(line: MatchLine): boolean {
  return (
    line.direction === "credit" &&
    line.reversal !== true &&
    line.booked !== false &&
    line.amount > 0n
  );
}

/**
 * The reads that let decideMatch decide `lines` over a part of the documents as over all:
 *
 * 1. `first`: the references of every line's mentions (exact, and RF references within one edit
 *    where the check digits are wrong);
 * 2. `second(known)`, once those are read: the references within one edit of the numbers that
 *    were not found exactly;
 * 3. `rest(known)`, once those are read too: which lines no reference resolves (they are decided
 *    by amount and payer, so the payers' open documents and the open documents of their amounts
 *    must be read), and whether any line needs the payers at all (weak references are confirmed
 *    by the payer).
 *
 * `known(reference)` says whether a document with that reference was read. The caller also reads
 * one document of every series in use (decideMatch tells a number of a known series from noise)
 * and the replacements of cancelled proformas.
 */
export class ReadPlan {
  readonly #keys: (LineKeys | null)[];
  readonly #series: readonly string[];
  readonly #first = new Set<string>();
  #near: string[][] = [];
  #hit: boolean[] = [];

  constructor(lines: readonly MatchLine[], series: readonly string[]) {
    this.#series = series;
    this.#keys = lines.map((l) => (isPayment(l) ? keysOfLine(l, series) : null));
    for (const k of this.#keys) for (const r of k?.references ?? []) this.#first.add(r);
  }

  get first(): string[] {
    return [...this.#first];
  }

  second(known: (reference: string) => boolean): string[] {
    const out = new Set<string>();
    const knownBody = (body: string) => {
      const ref = referenceOfBody(body);
      return ref !== null && known(ref);
    };
    this.#near = this.#keys.map(() => []);
    this.#hit = this.#keys.map((k) => k !== null && k.exact.some(known));
    this.#keys.forEach((k, i) => {
      if (!k) return;
      const numbers = [...k.numbers];
      for (const probe of k.rfProbes) {
        if (rfProbeResolves(probe, known)) this.#hit[i] = true;
        else numbers.push(probe.form.slice(4), probe.form);
      }
      for (const n of numbers) {
        if (knownBody(n)) {
          this.#hit[i] = true;
          continue;
        }
        const refs = referencesNearNumber(n, this.#series);
        this.#near[i]?.push(...refs);
        for (const r of refs) if (!this.#first.has(r)) out.add(r);
      }
    });
    return [...out];
  }

  rest(known: (reference: string) => boolean): { byAmountAndPayer: number[]; payers: boolean } {
    const byAmountAndPayer: number[] = [];
    let payers = false;
    this.#keys.forEach((k, i) => {
      if (!k) return;
      const strongOnly =
        k.exact.length > 0 &&
        k.numbers.length === 0 &&
        k.rfProbes.length === 0 &&
        k.exact.every(known);
      if (!strongOnly) payers = true;
      if (!this.#hit[i] && !(this.#near[i] ?? []).some(known)) byAmountAndPayer.push(i);
    });
    return { byAmountAndPayer, payers };
  }
}
