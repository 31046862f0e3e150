import type { Lang, NoticeKind } from "./notice.ts";

/** Which e-mail about a notice: its first copy, an update, or that it was resolved / withdrawn. */
export type NoticeMailPhase = "published" | "updated" | "resolved" | "cancelled";

export interface NoticeMailInput {
  kind: NoticeKind;
  phase: NoticeMailPhase;
  title: string;
  body: string;
  startsAt: Date;
  endsAt: Date | null;
  timeZone: string;
  /** The customer's affected services, e.g. "Start hosting (example.hu)". */
  services: string[];
  link: string;
  seller: string;
}

const KIND: Record<Lang, Record<NoticeKind, string>> = {
  en: { maintenance: "Planned maintenance", change: "Service change", outage: "Service outage" },
  hu: {
    maintenance: "Tervezett karbantartás",
    change: "Változás",
    outage: "Szolgáltatáskimaradás",
  },
};

/** `2026-12-01 02:00` in the provider's time zone. */
export function formatInstant(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}`;
}

/** The e-mail copy of a notice (or of its update, resolution, withdrawal) in one language. */
export function noticeMail(lang: Lang, n: NoticeMailInput): { subject: string; text: string } {
  const kind = KIND[lang][n.kind];
  const from = formatInstant(n.startsAt, n.timeZone);
  if (lang === "en") {
    const subject = {
      published: `${kind}: ${n.title}`,
      updated: `Updated — ${kind}: ${n.title}`,
      resolved: `Resolved — ${kind}: ${n.title}`,
      cancelled: `Withdrawn — ${kind}: ${n.title}`,
    }[n.phase];
    const intro = {
      published: {
        maintenance: "we are planning maintenance that affects your services.",
        change: "a change is coming that affects your services.",
        outage: "we are aware of an outage that affects your services.",
      }[n.kind],
      updated: "our notice about your services has been updated.",
      resolved: "the matter in our notice about your services has been resolved.",
      cancelled: "we have withdrawn our notice about your services: it no longer applies.",
    }[n.phase];
    const to = n.endsAt ? formatInstant(n.endsAt, n.timeZone) : "until further notice";
    return {
      subject,
      text:
        `Hello,\n\n${intro}\n\n${kind}: ${n.title}\n` +
        `When: ${from} – ${to} (${n.timeZone} time)\n` +
        (n.services.length > 0
          ? `Affected services:\n${n.services.map((s) => `- ${s}`).join("\n")}\n`
          : "") +
        (n.body !== "" ? `\n${n.body}\n` : "") +
        `\nYou can follow our notices in the customer portal:\n${n.link}\n\n${n.seller}`,
    };
  }
  const subject = {
    published: `${kind}: ${n.title}`,
    updated: `Módosult — ${kind}: ${n.title}`,
    resolved: `Megoldva — ${kind}: ${n.title}`,
    cancelled: `Visszavonva — ${kind}: ${n.title}`,
  }[n.phase];
  const intro = {
    published: {
      maintenance: "Tájékoztatjuk, hogy szolgáltatásait érintő karbantartást tervezünk.",
      change: "Tájékoztatjuk, hogy szolgáltatásait érintő változás várható.",
      outage: "Tájékoztatjuk, hogy szolgáltatásait érintő üzemzavarról tudunk.",
    }[n.kind],
    updated: "Szolgáltatásait érintő értesítésünk módosult.",
    resolved: "A szolgáltatásait érintő értesítésünkben leírt ügy megoldódott.",
    cancelled: "Szolgáltatásait érintő értesítésünket visszavontuk, az abban leírtak elmaradnak.",
  }[n.phase];
  const to = n.endsAt ? formatInstant(n.endsAt, n.timeZone) : "további értesítésig";
  return {
    subject,
    text:
      `Tisztelt Ügyfelünk!\n\n${intro}\n\n${kind}: ${n.title}\n` +
      `Időpont: ${from} – ${to} (${n.timeZone} idő szerint)\n` +
      (n.services.length > 0
        ? `Érintett szolgáltatások:\n${n.services.map((s) => `- ${s}`).join("\n")}\n`
        : "") +
      (n.body !== "" ? `\n${n.body}\n` : "") +
      `\nÉrtesítéseinket az ügyfélportálon is követheti:\n${n.link}\n\n${n.seller}`,
  };
}
