/**
 * ISO 20022 camt.053 (BankToCustomerStatement), versions 001.02, 001.04 and 001.08: the version
 * is the document namespace. One ParsedStatement per Stmt element.
 *
 * Read (everything else is ignored): Stmt/Id, LglSeqNb/ElctrncSeqNb, FrToDt, Acct (IBAN or
 * Othr/Id, Ccy), Bal (OPBD, else PRCD, as opening; CLBD as closing), Ntry (Amt, CdtDbtInd,
 * RvslInd, Sts, BookgDt, ValDt, AcctSvcrRef, BkTxCd, AddtlNtryInf) and its TxDtls (Refs, Amt or
 * AmtDtls/TxAmt, CdtDbtInd, RltdPties, RmtInf, AddtlTxInf). Names are read both as Dbtr/Nm
 * (.02, .04) and Dbtr/Pty/Nm (.08).
 */
import { ibanOrNull } from "./accounts.ts";
import { checkBalances } from "./balance.ts";
import { datePart } from "./dates.ts";
import {
  addDecimals,
  canonicalAmount,
  equalDecimals,
  formatDecimal,
  negate,
  toDecimal,
  type Decimal,
} from "./decimal.ts";
import { withEntryKeys, type DraftEntry } from "./entry-key.ts";
import { StatementParseError } from "./errors.ts";
import type {
  EntryDirection,
  ParsedStatement,
  StatementBalance,
  StatementFormat,
  StatementWarning,
} from "./model.ts";
import { parseXml, XmlSyntaxError, type XmlElement } from "./xml.ts";

const NS_BASE = "urn:iso:std:iso:20022:tech:xsd:";
const VERSIONS: Readonly<Record<string, StatementFormat>> = {
  "02": "camt.053.001.02",
  "04": "camt.053.001.04",
  "08": "camt.053.001.08",
};
const OTHER_MESSAGES: Readonly<Record<string, string>> = {
  "052": "a camt.052 account report (intraday), not a statement",
  "054": "a camt.054 debit/credit notification, not a statement",
};

/** Parses a camt.053 document; a file with several Stmt elements gives several statements. */
export function parseCamt053(xml: string): ParsedStatement[] {
  let root: XmlElement;
  try {
    root = parseXml(xml);
  } catch (e) {
    if (e instanceof XmlSyntaxError) {
      throw new StatementParseError("camt", { line: e.line, column: e.column }, e.message);
    }
    throw e;
  }
  const ns = root.ns ?? "";
  const m = /^urn:iso:std:iso:20022:tech:xsd:camt\.(\d{3})\.001\.(\d{2})$/.exec(ns);
  if (root.name !== "Document" || !m) {
    fail(
      root,
      `Not an ISO 20022 camt.053 document: the root is <${root.name}> in the namespace "${ns}", expected <Document> in ${NS_BASE}camt.053.001.02, .04 or .08.`,
    );
  }
  const [, message = "", version = ""] = m;
  if (message !== "053") {
    fail(
      root,
      `This is ${OTHER_MESSAGES[message] ?? `a camt.${message} message`}; import camt.053.`,
    );
  }
  const format = VERSIONS[version];
  if (!format) {
    fail(
      root,
      `camt.053.001.${version} is not supported; Kapu reads camt.053.001.02, .04 and .08.`,
    );
  }
  const doc = new Camt(ns, format);
  const message053 = doc.need(root, "BkToCstmrStmt");
  const statements = doc.kids(message053, "Stmt");
  if (statements.length === 0) fail(message053, "The statement message has no <Stmt>.");
  return statements.map((stmt) => doc.statement(stmt));
}

function fail(el: XmlElement, reason: string): never {
  throw new StatementParseError(
    "camt",
    { path: el.path, line: el.line, column: el.column },
    reason,
  );
}

function clean(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

interface Amount {
  value: string;
  currency: string;
  el: XmlElement;
}

/** The parts of a TxDtls (or of an entry without one) that become entry fields. */
interface Details {
  amount: Amount | null;
  direction: EntryDirection | null;
  debtor: Party;
  creditor: Party;
  remittance: string[];
  structuredReference: string | null;
  endToEndId: string | null;
  bankReference: string | null;
  transactionCode: string | null;
  additionalInfo: string | null;
  el: XmlElement;
}

interface Party {
  name: string | null;
  account: string | null;
}

class Camt {
  readonly #ns: string;
  readonly #format: StatementFormat;

  constructor(ns: string, format: StatementFormat) {
    this.#ns = ns;
    this.#format = format;
  }

  kids(el: XmlElement, name: string): XmlElement[] {
    return el.children.filter((c) => c.name === name && c.ns === this.#ns);
  }

  kid(el: XmlElement | null | undefined, ...names: string[]): XmlElement | null {
    let cur: XmlElement | null = el ?? null;
    for (const name of names) {
      if (!cur) return null;
      cur = cur.children.find((c) => c.name === name && c.ns === this.#ns) ?? null;
    }
    return cur;
  }

  need(el: XmlElement, ...names: string[]): XmlElement {
    let cur = el;
    for (const name of names) {
      const next = this.kid(cur, name);
      if (!next) fail(cur, `<${name}> is missing in <${cur.name}>.`);
      cur = next;
    }
    return cur;
  }

  /** Trimmed text of a descendant, null when absent or empty. */
  text(el: XmlElement | null | undefined, ...names: string[]): string | null {
    const found = this.kid(el, ...names);
    if (!found) return null;
    const t = clean(found.text);
    return t === "" ? null : t;
  }

  needText(el: XmlElement, ...names: string[]): { value: string; el: XmlElement } {
    const found = this.need(el, ...names);
    const value = clean(found.text);
    if (value === "") fail(found, `<${found.name}> is empty.`);
    return { value, el: found };
  }

  amount(el: XmlElement): Amount {
    const raw = el.text.trim();
    const m = /^(\d+)(?:\.(\d+))?$/.exec(raw);
    if (!m) fail(el, `"${raw}" is not an amount (digits with an optional "." and decimals).`);
    const [, whole = "", fraction = ""] = m;
    if (fraction.length > 5 || whole.replace(/^0+/, "").length + fraction.length > 18) {
      fail(el, `"${raw}" has too many digits (at most 18, 5 of them decimals).`);
    }
    const currency = el.attributes.get("Ccy");
    if (currency === undefined) fail(el, `<${el.name}> has no Ccy attribute.`);
    if (!/^[A-Z]{3}$/.test(currency)) fail(el, `"${currency}" is not a currency code.`);
    return { value: canonicalAmount(whole, fraction, currency), currency, el };
  }

  direction(el: XmlElement): EntryDirection {
    const v = clean(el.text);
    if (v === "CRDT") return "credit";
    if (v === "DBIT") return "debit";
    fail(el, `"${v}" is not a credit/debit indicator (CRDT or DBIT).`);
  }

  /** A DateAndDateTimeChoice (Dt or DtTm) as YYYY-MM-DD. */
  date(el: XmlElement): string {
    const choice = this.kid(el, "Dt") ?? this.kid(el, "DtTm");
    if (!choice) fail(el, `<${el.name}> has neither <Dt> nor <DtTm>.`);
    const v = choice.text.trim();
    const d = datePart(v);
    if (d === null) fail(choice, `"${v}" is not a valid ISO 8601 date.`);
    return d;
  }

  dateTime(el: XmlElement | null): string | null {
    if (!el) return null;
    const v = el.text.trim();
    const d = datePart(v);
    if (d === null) fail(el, `"${v}" is not a valid ISO 8601 date-time.`);
    return d;
  }

  /** An account's identifier: IBAN or Othr/Id, as written. */
  accountId(el: XmlElement | null): string | null {
    return this.text(el, "Id", "IBAN") ?? this.text(el, "Id", "Othr", "Id");
  }

  party(parties: XmlElement | null, role: "Dbtr" | "Cdtr"): Party {
    const p = this.kid(parties, role);
    const ultimate = this.kid(parties, role === "Dbtr" ? "UltmtDbtr" : "UltmtCdtr");
    const name =
      this.text(p, "Nm") ??
      this.text(p, "Pty", "Nm") ??
      this.text(ultimate, "Nm") ??
      this.text(ultimate, "Pty", "Nm");
    const account = this.accountId(this.kid(parties, `${role}Acct`));
    return { name, account };
  }

  transactionCode(el: XmlElement): string | null {
    const code = this.kid(el, "BkTxCd");
    const domain = this.text(code, "Domn", "Cd");
    if (domain !== null) {
      return [
        domain,
        this.text(code, "Domn", "Fmly", "Cd"),
        this.text(code, "Domn", "Fmly", "SubFmlyCd"),
      ]
        .filter((p) => p !== null)
        .join("/");
    }
    return this.text(code, "Prtry", "Cd");
  }

  details(tx: XmlElement): Details {
    const amountEl = this.kid(tx, "Amt") ?? this.kid(tx, "AmtDtls", "TxAmt", "Amt");
    const directionEl = this.kid(tx, "CdtDbtInd");
    const parties = this.kid(tx, "RltdPties");
    const remittance: string[] = [];
    let structuredReference: string | null = null;
    const rmt = this.kid(tx, "RmtInf");
    if (rmt) {
      for (const u of this.kids(rmt, "Ustrd")) {
        const t = clean(u.text);
        if (t) remittance.push(t);
      }
      for (const s of this.kids(rmt, "Strd")) {
        for (const doc of this.kids(s, "RfrdDocInf")) {
          const nb = this.text(doc, "Nb");
          if (nb) remittance.push(nb);
        }
        const ref = this.text(s, "CdtrRefInf", "Ref");
        if (ref) {
          structuredReference ??= ref;
          remittance.push(ref);
        }
        for (const a of this.kids(s, "AddtlRmtInf")) {
          const t = clean(a.text);
          if (t) remittance.push(t);
        }
      }
    }
    const endToEnd = this.text(tx, "Refs", "EndToEndId");
    return {
      amount: amountEl ? this.amount(amountEl) : null,
      direction: directionEl ? this.direction(directionEl) : null,
      debtor: this.party(parties, "Dbtr"),
      creditor: this.party(parties, "Cdtr"),
      remittance,
      structuredReference,
      endToEndId: endToEnd && endToEnd.toUpperCase() !== "NOTPROVIDED" ? endToEnd : null,
      bankReference: this.text(tx, "Refs", "AcctSvcrRef"),
      transactionCode: this.transactionCode(tx),
      additionalInfo: this.text(tx, "AddtlTxInf"),
      el: tx,
    };
  }

  balances(stmt: XmlElement): {
    opening: StatementBalance | null;
    closing: StatementBalance | null;
  } {
    const byType = new Map<string, StatementBalance>();
    for (const bal of this.kids(stmt, "Bal")) {
      const tp = this.need(bal, "Tp", "CdOrPrtry");
      const type = this.text(tp, "Cd") ?? this.text(tp, "Prtry");
      if (type === null) fail(tp, "The balance type has neither <Cd> nor <Prtry>.");
      const amount = this.amount(this.need(bal, "Amt"));
      const direction = this.direction(this.need(bal, "CdtDbtInd"));
      const date = this.date(this.need(bal, "Dt"));
      if (!byType.has(type)) {
        byType.set(type, {
          amount:
            direction === "debit" && /[1-9]/.test(amount.value) ? `-${amount.value}` : amount.value,
          currency: amount.currency,
          date,
        });
      }
    }
    return {
      opening: byType.get("OPBD") ?? byType.get("PRCD") ?? null,
      closing: byType.get("CLBD") ?? null,
    };
  }

  statement(stmt: XmlElement): ParsedStatement {
    const id = this.needText(stmt, "Id").value;
    const acct = this.need(stmt, "Acct");
    const accountNumber = this.accountId(acct);
    if (accountNumber === null)
      fail(acct, "The account has neither <Id><IBAN> nor <Id><Othr><Id>.");
    const { opening, closing } = this.balances(stmt);
    const warnings: StatementWarning[] = [];
    const drafts: DraftEntry[] = [];
    for (const ntry of this.kids(stmt, "Ntry")) drafts.push(...this.entry(ntry, warnings));
    const entries = withEntryKeys(drafts);
    const currency = this.text(acct, "Ccy") ?? opening?.currency ?? entries[0]?.currency ?? null;
    warnings.push(...checkBalances(opening, closing, entries, stmt.path));
    const period = this.kid(stmt, "FrToDt");
    return {
      format: this.#format,
      statementId: id,
      sequenceNumber: this.text(stmt, "LglSeqNb") ?? this.text(stmt, "ElctrncSeqNb"),
      account: { iban: ibanOrNull(accountNumber), number: accountNumber, currency },
      from: this.dateTime(this.kid(period, "FrDtTm")) ?? opening?.date ?? null,
      to: this.dateTime(this.kid(period, "ToDtTm")) ?? closing?.date ?? null,
      openingBalance: opening,
      closingBalance: closing,
      entries,
      warnings,
    };
  }

  entry(ntry: XmlElement, warnings: StatementWarning[]): DraftEntry[] {
    const amount = this.amount(this.need(ntry, "Amt"));
    const direction = this.direction(this.need(ntry, "CdtDbtInd"));
    const reversalText = this.text(ntry, "RvslInd");
    if (reversalText !== null && !["true", "false", "1", "0"].includes(reversalText)) {
      fail(this.need(ntry, "RvslInd"), `"${reversalText}" is not a boolean.`);
    }
    const reversal = reversalText === "true" || reversalText === "1";
    const sts = this.kid(ntry, "Sts");
    const status = sts
      ? (this.text(sts, "Cd") ?? this.text(sts, "Prtry") ?? clean(sts.text))
      : "BOOK";
    const bookingEl = this.kid(ntry, "BookgDt");
    const valueEl = this.kid(ntry, "ValDt");
    const valueDate = valueEl ? this.date(valueEl) : null;
    const bookingDate = bookingEl ? this.date(bookingEl) : valueDate;
    if (bookingDate === null) fail(ntry, "The entry has neither <BookgDt> nor <ValDt>.");
    const entryRef = this.text(ntry, "AcctSvcrRef");
    const entryCode = this.transactionCode(ntry);
    const entryInfo = this.text(ntry, "AddtlNtryInf");
    const txs = this.kids(ntry, "NtryDtls").flatMap((d) => this.kids(d, "TxDtls"));
    const details = txs.map((tx) => this.details(tx));

    const base = {
      bookingDate,
      valueDate,
      currency: amount.currency,
      reversal,
      booked: status === "BOOK",
    };
    const fields = (d: Details | null, dir: EntryDirection) => {
      // The counterparty is the other side of the original transaction: the debtor of a credit,
      // the creditor of a debit; a reversal keeps the parties of what it reverses.
      const originalCredit = (dir === "credit") !== reversal;
      const party = d ? (originalCredit ? d.debtor : d.creditor) : { name: null, account: null };
      const remittance = d?.remittance.length
        ? d.remittance
        : [d?.additionalInfo ?? entryInfo ?? ""];
      return {
        counterpartyName: party.name,
        counterpartyIban: ibanOrNull(party.account),
        counterpartyAccount: party.account,
        remittance: clean(remittance.join(" ")),
        structuredReference: d?.structuredReference ?? null,
        endToEndId: d?.endToEndId ?? null,
        transactionCode: d?.transactionCode ?? entryCode,
      };
    };

    // A batch entry is split into its transactions when each gives its amount in the entry's
    // currency and they add up to the entry; otherwise it stays one entry (the books must add up).
    const amounts =
      details.length > 1 &&
      details.every((d) => d.amount !== null && d.amount.currency === amount.currency);
    if (amounts) {
      let sum: Decimal = { units: 0n, scale: 0 };
      for (const d of details) {
        const value = toDecimal(d.amount?.value ?? "0");
        sum = addDecimals(sum, (d.direction ?? direction) === direction ? value : negate(value));
      }
      if (equalDecimals(sum, toDecimal(amount.value))) {
        return details.map((d, i): DraftEntry => {
          const dir = d.direction ?? direction;
          return {
            ...base,
            ...fields(d, dir),
            amount: d.amount?.value ?? amount.value,
            direction: dir,
            bankReference: d.bankReference ?? entryRef,
            reference: d.bankReference ?? (entryRef === null ? null : `${entryRef}/${i + 1}`),
            source: d.el.path,
          };
        });
      }
      warnings.push({
        code: "batch_amount_mismatch",
        message: `The transactions of the batch entry add up to ${formatDecimal(sum, amount.currency)} ${amount.currency}, the entry is ${amount.value} ${amount.currency}; kept as one entry.`,
        location: ntry.path,
      });
    }

    let d: Details | null = details[0] ?? null;
    if (details.length > 1) {
      // A batch kept as one entry: the details merged, a value only when all agree.
      const distinct = (values: (string | null)[]) => {
        const set = new Set(values.filter((v) => v !== null));
        return set.size === 1 ? ([...set][0] ?? null) : null;
      };
      const pick = (f: (x: Details) => Party) => ({
        name: distinct(details.map((x) => f(x).name)),
        account: distinct(details.map((x) => f(x).account)),
      });
      d = {
        ...details[0]!,
        debtor: pick((x) => x.debtor),
        creditor: pick((x) => x.creditor),
        remittance: details.flatMap((x) => x.remittance),
        structuredReference: distinct(details.map((x) => x.structuredReference)),
        endToEndId: distinct(details.map((x) => x.endToEndId)),
      };
    } else if (
      d?.amount &&
      (d.amount.currency !== amount.currency ||
        !equalDecimals(toDecimal(d.amount.value), toDecimal(amount.value)))
    ) {
      warnings.push({
        code: "transaction_amount_mismatch",
        message: `The transaction details give ${d.amount.value} ${d.amount.currency}, the entry ${amount.value} ${amount.currency}; the entry amount is used.`,
        location: d.amount.el.path,
      });
    }
    const bankReference = entryRef ?? (details.length === 1 ? (d?.bankReference ?? null) : null);
    return [
      {
        ...base,
        ...fields(d, direction),
        amount: amount.value,
        direction,
        bankReference,
        reference: bankReference,
        source: ntry.path,
      },
    ];
  }
}
