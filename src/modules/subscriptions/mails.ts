import { Money, type CurrencyCode } from "../../platform/money/index.ts";
import type { ProductKind } from "../../platform/db/index.ts";

/** The subscriptions module's e-mails (reminders, status changes), per language. */
type Lang = "hu" | "en";

interface ServiceMailInput {
  product: string;
  kind: ProductKind;
  name: string | null;
  dueDate: string;
  link: string;
  seller: string;
}

const what = (s: ServiceMailInput) => (s.name ? `${s.product} (${s.name})` : s.product);

/** The subject and opening of an expiry reminder (C3), with C6's plain words for domains. */
function expiryNotice(lang: Lang, s: ServiceMailInput & { daysLeft: number }) {
  if (lang === "en") {
    const days = s.daysLeft === 1 ? "tomorrow" : `in ${s.daysLeft} days`;
    return {
      subject: `${what(s)} expires ${days}, on ${s.dueDate}`,
      text:
        `your service ${what(s)} expires on ${s.dueDate} unless it is renewed.` +
        (s.kind === "domain"
          ? `\n\nWhen the domain expires, the website and the e-mail addresses using it stop working, and the name may be registered by someone else.`
          : ""),
    };
  }
  const days = s.daysLeft === 1 ? "holnap" : `${s.daysLeft} nap múlva`;
  return {
    subject: `${what(s)} ${days} lejár (${s.dueDate})`,
    text:
      `${what(s)} szolgáltatása ${s.dueDate} napon lejár, ha nem hosszabbítja meg.` +
      (s.kind === "domain"
        ? `\n\nA domain lejártával a hozzá tartozó weboldal és e-mail címek nem működnek tovább, és a nevet más is regisztrálhatja.`
        : ""),
  };
}

/** C3 + C6: an expiry reminder; domains say plainly what stops working. */
export function expiryReminderMail(
  lang: Lang,
  s: ServiceMailInput & {
    daysLeft: number;
    price: { minor: bigint; currency: CurrencyCode };
    document: string | null;
  },
) {
  const money = Money.of(s.price.minor, s.price.currency).format(lang === "hu" ? "hu-HU" : "en-GB");
  const notice = expiryNotice(lang, s);
  if (lang === "en") {
    return {
      subject: notice.subject,
      text:
        `Hello,\n\n${notice.text}` +
        (s.document
          ? `\n\nThe renewal is billed on ${s.document}; paying it renews the service for another period from ${s.dueDate}.`
          : `\n\nRenewal price: ${money} + VAT.`) +
        `\n\nRenew or manage it in the customer portal:\n${s.link}\n\nIf you do not wish to renew, you can cancel it there.\n\n${s.seller}`,
    };
  }
  return {
    subject: notice.subject,
    text:
      `Tisztelt Ügyfelünk!\n\n${notice.text}` +
      (s.document
        ? `\n\nA hosszabbítás díjbekérője: ${s.document}. Befizetésével a szolgáltatás ${s.dueDate} napjától újabb időszakra meghosszabbodik.`
        : `\n\nA hosszabbítás díja: ${money} + ÁFA.`) +
      `\n\nMeghosszabbítás és kezelés az ügyfélportálon:\n${s.link}\n\nHa nem kívánja meghosszabbítani, ugyanott lemondhatja.\n\n${s.seller}`,
  };
}

/**
 * The expiry reminder that opens the renewal document's own e-mail when both go out on the same
 * day (billing's MailLead): the customer gets one mail, with the document attached.
 */
export function renewalReminderLead(lang: Lang, s: ServiceMailInput & { daysLeft: number }) {
  const notice = expiryNotice(lang, s);
  return {
    subject: notice.subject,
    text:
      notice.text +
      (lang === "en"
        ? `\n\nPaying the document below renews it for another period from ${s.dueDate}. If you do not wish to renew, you can cancel it in the customer portal:\n${s.link}`
        : `\n\nAz alábbi bizonylat befizetésével a szolgáltatás ${s.dueDate} napjától újabb időszakra meghosszabbodik. Ha nem kívánja meghosszabbítani, az ügyfélportálon lemondhatja:\n${s.link}`),
  };
}

export type StatusChange = "suspended" | "expired" | "terminated" | "cancelled";

/** A service's state changed by the billing run (overdue, expiry, cancellation). */
export function serviceStatusMail(lang: Lang, s: ServiceMailInput & { change: StatusChange }) {
  if (lang === "en") {
    const line = {
      suspended: `has been suspended because its renewal (due on ${s.dueDate}) is unpaid. Paying the open renewal document restores it at once.`,
      expired: `expired on ${s.dueDate} because it was not renewed.${s.kind === "domain" ? " The website and the e-mail addresses using the domain no longer work." : ""} Contact us if you want to restore it.`,
      terminated: `has been terminated because its renewal (due on ${s.dueDate}) remained unpaid.`,
      cancelled: `has ended as you requested; it is no longer provided or billed.`,
    }[s.change];
    return {
      subject: {
        suspended: `Suspended: ${what(s)}`,
        expired: `Expired: ${what(s)}`,
        terminated: `Terminated: ${what(s)}`,
        cancelled: `Cancelled: ${what(s)}`,
      }[s.change],
      text: `Hello,\n\nyour service ${what(s)} ${line}\n\n${s.link}\n\n${s.seller}`,
    };
  }
  const line = {
    suspended: `szolgáltatását felfüggesztettük, mert a ${s.dueDate} napon esedékes hosszabbítás díja nem érkezett meg. A nyitott díjbekérő befizetése után azonnal újra elérhető.`,
    expired: `szolgáltatása ${s.dueDate} napon lejárt, mert nem hosszabbította meg.${s.kind === "domain" ? " A domainhez tartozó weboldal és e-mail címek nem működnek." : ""} Visszaállításához keressen minket.`,
    terminated: `szolgáltatását megszüntettük, mert a ${s.dueDate} napon esedékes díja továbbra sem érkezett meg.`,
    cancelled: `szolgáltatása kérésére megszűnt, a továbbiakban nem nyújtjuk és nem számlázzuk.`,
  }[s.change];
  return {
    subject: {
      suspended: `Felfüggesztve: ${what(s)}`,
      expired: `Lejárt: ${what(s)}`,
      terminated: `Megszüntetve: ${what(s)}`,
      cancelled: `Lemondva: ${what(s)}`,
    }[s.change],
    text: `Tisztelt Ügyfelünk!\n\n${what(s)} ${line}\n\n${s.link}\n\n${s.seller}`,
  };
}
