import { describe, expect, it } from "vitest";
import { formatInstant, noticeMail, type NoticeMailPhase } from "./mails.ts";
import {
  contentProblems,
  localized,
  NOTICE_STATUSES,
  noticePhase,
  normalizeContent,
  refusal,
  sameContent,
  type NoticeAction,
  type NoticeContent,
  type NoticeStatus,
} from "./notice.ts";

const base: NoticeContent = {
  kind: "maintenance",
  severity: "warning",
  titleHu: "Szerver frissítés",
  titleEn: "Server upgrade",
  bodyHu: "Rövid leállás várható.",
  bodyEn: "Expect a short downtime.",
  startsAt: new Date("2026-12-01T01:00:00Z"),
  endsAt: new Date("2026-12-01T03:00:00Z"),
  target: { productIds: ["prd_a"], servers: [] },
};

describe("normalizeContent", () => {
  it("trims texts, keeps each product once and servers lower-case once", () => {
    const n = normalizeContent({
      ...base,
      titleHu: "  Cím ",
      bodyEn: " \n",
      target: {
        productIds: ["prd_a", " prd_a", "prd_b", ""],
        servers: ["WEB1.x.hu ", "web1.x.hu"],
      },
    });
    expect(n.titleHu).toBe("Cím");
    expect(n.bodyEn).toBe("");
    expect(n.target).toEqual({ productIds: ["prd_a", "prd_b"], servers: ["web1.x.hu"] });
  });
});

describe("contentProblems", () => {
  it.each<[string, Partial<NoticeContent>, string[]]>([
    ["a complete notice", {}, []],
    ["only an English title", { titleHu: "" }, []],
    ["only a Hungarian title", { titleEn: "" }, []],
    ["no title", { titleHu: "", titleEn: "" }, ["notices.title_required"]],
    ["open-ended", { endsAt: null }, []],
    ["ends when it starts", { endsAt: base.startsAt }, ["notices.ends_before_start"]],
    [
      "ends before it starts",
      { endsAt: new Date("2026-11-30T00:00:00Z") },
      ["notices.ends_before_start"],
    ],
    ["targets a server only", { target: { productIds: [], servers: ["web1"] } }, []],
    ["targets nothing", { target: { productIds: [], servers: [] } }, ["notices.no_target"]],
    [
      "everything wrong",
      { titleHu: "", titleEn: "", endsAt: base.startsAt, target: { productIds: [], servers: [] } },
      ["notices.title_required", "notices.ends_before_start", "notices.no_target"],
    ],
  ])("%s → %j", (_name, change, codes) => {
    expect(contentProblems({ ...base, ...change }).map((p) => p.code)).toEqual(codes);
  });
});

describe("sameContent", () => {
  it("ignores the order of targets, sees any other change", () => {
    const a = { ...base, target: { productIds: ["prd_a", "prd_b"], servers: ["x", "y"] } };
    const b = { ...base, target: { productIds: ["prd_b", "prd_a"], servers: ["y", "x"] } };
    expect(sameContent(a, b)).toBe(true);
    expect(sameContent(a, { ...a, endsAt: new Date("2026-12-01T05:00:00Z") })).toBe(false);
    expect(sameContent(a, { ...a, endsAt: null })).toBe(false);
    expect(sameContent(a, { ...a, bodyEn: "other" })).toBe(false);
    expect(sameContent(a, { ...a, target: { productIds: ["prd_a"], servers: ["x", "y"] } })).toBe(
      false,
    );
  });
});

describe("refusal", () => {
  // Every action × every status: allowed (null) or the code of the 409.
  const expected: Record<NoticeAction, Record<NoticeStatus, string | null>> = {
    edit: { draft: null, published: null, resolved: "notices.closed", cancelled: "notices.closed" },
    publish: {
      draft: null,
      published: null,
      resolved: "notices.closed",
      cancelled: "notices.closed",
    },
    resolve: {
      draft: "notices.not_published",
      published: null,
      resolved: "notices.closed",
      cancelled: "notices.closed",
    },
    cancel: {
      draft: null,
      published: null,
      resolved: "notices.closed",
      cancelled: "notices.closed",
    },
  };
  for (const action of Object.keys(expected) as NoticeAction[])
    for (const status of NOTICE_STATUSES)
      it(`${action} a ${status} notice → ${String(expected[action][status])}`, () => {
        expect(refusal(action, status)).toBe(expected[action][status]);
      });
});

describe("localized", () => {
  it.each<[string, Partial<NoticeContent>, "hu" | "en", [string, string, string]]>([
    ["Hungarian reader", {}, "hu", ["Szerver frissítés", "Rövid leállás várható.", "hu"]],
    ["English reader", {}, "en", ["Server upgrade", "Expect a short downtime.", "en"]],
    [
      "no Hungarian: English instead",
      { titleHu: "", bodyHu: "" },
      "hu",
      ["Server upgrade", "Expect a short downtime.", "en"],
    ],
    [
      "no English title: Hungarian",
      { titleEn: "" },
      "en",
      ["Szerver frissítés", "Rövid leállás várható.", "hu"],
    ],
    [
      "title in mine, body only in the other",
      { bodyHu: "" },
      "hu",
      ["Szerver frissítés", "Expect a short downtime.", "hu"],
    ],
    ["no body at all", { bodyHu: "", bodyEn: "" }, "en", ["Server upgrade", "", "en"]],
  ])("%s", (_name, change, lang, [title, body, language]) => {
    expect(localized({ ...base, ...change }, lang)).toEqual({ title, body, language });
  });
});

describe("noticePhase", () => {
  const now = new Date("2026-12-01T02:00:00Z");
  it.each<[NoticeStatus, string, string]>([
    ["published", "2026-12-01T03:00:00Z", "upcoming"],
    ["published", "2026-12-01T02:00:00Z", "ongoing"],
    ["published", "2026-11-30T00:00:00Z", "ongoing"],
    ["resolved", "2026-12-02T00:00:00Z", "resolved"],
  ])("%s, starting %s → %s", (status, startsAt, phase) => {
    expect(noticePhase({ status, startsAt: new Date(startsAt) }, now)).toBe(phase);
  });
});

describe("the e-mail", () => {
  const input = {
    kind: "maintenance" as const,
    title: "Server upgrade",
    body: "Expect a short downtime.",
    startsAt: base.startsAt,
    endsAt: base.endsAt,
    timeZone: "Europe/Budapest",
    services: ["Start hosting (example.hu)"],
    link: "http://kapu.test/services",
    seller: "Test Provider Kft.",
  };

  it("shows times in the provider's time zone", () => {
    expect(formatInstant(new Date("2026-12-01T01:00:00Z"), "Europe/Budapest")).toBe(
      "2026-12-01 02:00",
    );
    expect(formatInstant(new Date("2026-07-01T22:30:00Z"), "Europe/Budapest")).toBe(
      "2026-07-02 00:30",
    );
    expect(formatInstant(new Date("2026-07-01T22:30:00Z"), "Europe/Helsinki")).toBe(
      "2026-07-02 01:30",
    );
  });

  it("in English: what, when, which services, the text and the portal link", () => {
    const m = noticeMail("en", { ...input, phase: "published" });
    expect(m.subject).toBe("Planned maintenance: Server upgrade");
    expect(m.text).toContain("When: 2026-12-01 02:00 – 2026-12-01 04:00 (Europe/Budapest time)");
    expect(m.text).toContain("- Start hosting (example.hu)");
    expect(m.text).toContain("Expect a short downtime.");
    expect(m.text).toContain("http://kapu.test/services");
    expect(m.text.endsWith("Test Provider Kft.")).toBe(true);
  });

  it("in Hungarian, open-ended", () => {
    const m = noticeMail("hu", {
      ...input,
      kind: "outage",
      phase: "published",
      title: "Levelezés leállás",
      endsAt: null,
    });
    expect(m.subject).toBe("Szolgáltatáskimaradás: Levelezés leállás");
    expect(m.text).toMatch(/^Tisztelt Ügyfelünk!/);
    expect(m.text).toContain("Időpont: 2026-12-01 02:00 – további értesítésig");
    expect(m.text).toContain("Érintett szolgáltatások:\n- Start hosting (example.hu)");
  });

  it.each<[NoticeMailPhase, string, string]>([
    ["published", "Planned maintenance: Server upgrade", "Tervezett karbantartás: Server upgrade"],
    [
      "updated",
      "Updated — Planned maintenance: Server upgrade",
      "Módosult — Tervezett karbantartás: Server upgrade",
    ],
    [
      "resolved",
      "Resolved — Planned maintenance: Server upgrade",
      "Megoldva — Tervezett karbantartás: Server upgrade",
    ],
    [
      "cancelled",
      "Withdrawn — Planned maintenance: Server upgrade",
      "Visszavonva — Tervezett karbantartás: Server upgrade",
    ],
  ])("subject when %s", (phase, en, hu) => {
    expect(noticeMail("en", { ...input, phase }).subject).toBe(en);
    expect(noticeMail("hu", { ...input, phase }).subject).toBe(hu);
  });
});
