import type { DocumentView } from "./domain/document.ts";
import { Money } from "../../platform/money/index.ts";

/** The billing module's e-mails, per language. */
type Lang = "hu" | "en";

const KIND: Record<Lang, Record<string, string>> = {
  hu: { proforma: "díjbekérő", invoice: "számla", credit_note: "helyesbítő számla" },
  en: { proforma: "proforma invoice", invoice: "invoice", credit_note: "credit note" },
};

export function documentFilename(doc: { kind: string; number: string }): string {
  return `${doc.number.replace(/[^A-Za-z0-9._-]+/g, "_")}.pdf`;
}

/**
 * What another module puts at the top of a document's e-mail (the billing run's expiry reminder
 * going out with the renewal proforma): its subject leads the subject (the document's number
 * follows in brackets), its text opens the mail after the greeting, before the document's own
 * paragraphs.
 */
export interface MailLead {
  subject: string;
  text: string;
}

export function documentIssuedMail(
  lang: Lang,
  doc: DocumentView,
  link: string,
  lead?: MailLead | null,
) {
  const money = (minor: bigint) =>
    Money.of(minor, doc.currency).format(lang === "hu" ? "hu-HU" : "en-GB");
  const kind =
    KIND[lang][
      doc.kind === "credit_note" && doc.correctionType === "storno" ? "credit_note" : doc.kind
    ]!;
  const bank = doc.seller.bankAccount;
  if (lang === "en") {
    const pay =
      doc.kind === "proforma"
        ? `\n\nPlease pay ${money(doc.totals.gross)} by ${doc.dueDate ?? ""}` +
          (bank ? ` to ${bank.iban}${bank.bankName ? ` (${bank.bankName})` : ""}` : "") +
          `, quoting the payment reference ${doc.paymentReference ?? doc.number}. The final invoice follows the payment.`
        : doc.kind === "invoice" && doc.totals.due > 0n
          ? `\n\nAmount due: ${money(doc.totals.due)}, by ${doc.dueDate ?? ""}. Payment reference: ${doc.paymentReference ?? doc.number}.`
          : "";
    return {
      subject: lead
        ? `${lead.subject} (${kind} ${doc.number})`
        : `Your ${kind} ${doc.number} from ${doc.seller.name}`,
      text:
        `Hello,\n\n${lead ? `${lead.text}\n\nP` : "p"}lease find attached ${kind} ${doc.number} (total ${money(doc.totals.gross)}).` +
        pay +
        `\n\nYou can also see and download it in the customer portal, under Finances:\n${link}`,
    };
  }
  const pay =
    doc.kind === "proforma"
      ? `\n\nKérjük, fizessen ${money(doc.totals.gross)} összeget ${doc.dueDate ?? ""} napig` +
        (bank ? ` a ${bank.iban} számlaszámra${bank.bankName ? ` (${bank.bankName})` : ""}` : "") +
        `, a közleményben ezzel a hivatkozással: ${doc.paymentReference ?? doc.number}. A végszámlát a fizetés után állítjuk ki.`
      : doc.kind === "invoice" && doc.totals.due > 0n
        ? `\n\nFizetendő: ${money(doc.totals.due)}, határidő: ${doc.dueDate ?? ""}. Közlemény: ${doc.paymentReference ?? doc.number}.`
        : "";
  return {
    subject: lead
      ? `${lead.subject} (${doc.number} számú ${kind})`
      : `${doc.seller.name}: ${doc.number} számú ${kind}`,
    text:
      `Tisztelt Ügyfelünk!\n\n${lead ? `${lead.text}\n\n` : ""}Mellékelten küldjük a(z) ${doc.number} számú ${kind}t (végösszeg: ${money(doc.totals.gross)}).` +
      pay +
      `\n\nAz ügyfélportálon, a Pénzügyek menüpontban is megtekintheti és letöltheti:\n${link}`,
  };
}

export function statementMail(lang: Lang, p: { period: string; closing: string; link: string }) {
  if (lang === "en") {
    return {
      subject: `Your account statement for ${p.period}`,
      text: `Hello,\n\nplease find attached your account statement for ${p.period}. Closing balance: ${p.closing}.\n\nThe statement is always up to date in the customer portal:\n${p.link}`,
    };
  }
  return {
    subject: `Elszámolási lap – ${p.period}`,
    text: `Tisztelt Ügyfelünk!\n\nMellékelten küldjük a(z) ${p.period} időszak elszámolási lapját. Záró egyenleg: ${p.closing}.\n\nAz elszámolás az ügyfélportálon mindig naprakészen megtekinthető:\n${p.link}`,
  };
}
