import { Money, type CurrencyCode } from "../../platform/money/index.ts";

/** The payments module's e-mails, per language. */
type Lang = "hu" | "en";

export function paymentReceivedMail(
  lang: Lang,
  p: {
    seller: string;
    amount: bigint;
    currency: CurrencyCode;
    receivedOn: string;
    documents: readonly string[];
    credit: bigint;
    link: string;
  },
) {
  const money = (minor: bigint) =>
    Money.of(minor, p.currency).format(lang === "hu" ? "hu-HU" : "en-GB");
  if (lang === "en") {
    return {
      subject: `Payment received: ${money(p.amount)}`,
      text:
        `Hello,\n\nwe received your payment of ${money(p.amount)} on ${p.receivedOn}. Thank you.` +
        (p.documents.length > 0 ? `\n\nIt settled: ${p.documents.join(", ")}.` : "") +
        (p.credit > 0n
          ? `\n\n${money(p.credit)} is kept as credit on your account and will be used for your next invoices.`
          : "") +
        `\n\nYour payments and balance are in the customer portal, under Finances:\n${p.link}\n\n${p.seller}`,
    };
  }
  return {
    subject: `Befizetését megkaptuk: ${money(p.amount)}`,
    text:
      `Tisztelt Ügyfelünk!\n\n${p.receivedOn} napon megkaptuk ${money(p.amount)} összegű befizetését. Köszönjük!` +
      (p.documents.length > 0 ? `\n\nKiegyenlített bizonylatok: ${p.documents.join(", ")}.` : "") +
      (p.credit > 0n
        ? `\n\n${money(p.credit)} összeget egyenlegként jóváírtunk, ezt a következő számláira használjuk fel.`
        : "") +
      `\n\nBefizetéseit és egyenlegét az ügyfélportálon, a Pénzügyek menüpontban látja:\n${p.link}\n\n${p.seller}`,
  };
}

export function refundMail(
  lang: Lang,
  p: { seller: string; amount: bigint; currency: CurrencyCode; method: string; link: string },
) {
  const money = (minor: bigint) =>
    Money.of(minor, p.currency).format(lang === "hu" ? "hu-HU" : "en-GB");
  if (lang === "en") {
    return {
      subject: `Refund of ${money(p.amount)}`,
      text:
        `Hello,\n\nwe have refunded ${money(p.amount)} ${p.method === "card" ? "to the card you paid with" : "by bank transfer"}. ` +
        `It may take a few business days to appear.\n\n${p.link}\n\n${p.seller}`,
    };
  }
  return {
    subject: `Visszatérítés: ${money(p.amount)}`,
    text:
      `Tisztelt Ügyfelünk!\n\n${money(p.amount)} összeget visszautaltunk ${p.method === "card" ? "a fizetéshez használt kártyájára" : "banki átutalással"}. ` +
      `A jóváírás néhány munkanapot vehet igénybe.\n\n${p.link}\n\n${p.seller}`,
  };
}
