import { AxeBuilder } from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** A phone in portrait (the layout switches to cards and a menu button below 48em). */
export const PHONE = { width: 375, height: 812 };

/** Runs axe on the page as it is now; fails on serious and critical violations, listing them. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze();
  const violations = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
        v.nodes.map((n) => `    ${n.target.join(" ")}\n      ${n.failureSummary ?? ""}`).join("\n"),
    );
  expect(violations, `axe found serious/critical violations on ${what}`).toEqual([]);
}

/** No horizontal scrolling: the page fits the viewport. */
export async function expectNoHorizontalScroll(page: Page): Promise<void> {
  // The test code is type-checked without the DOM library; describe the two values used.
  const size = await page.evaluate(() => {
    const w = globalThis as unknown as {
      innerWidth: number;
      document: { documentElement: { scrollWidth: number } };
    };
    return { scrollWidth: w.document.documentElement.scrollWidth, innerWidth: w.innerWidth };
  });
  expect(size.scrollWidth, "page is wider than the viewport").toBeLessThanOrEqual(size.innerWidth);
}
