import { renderDocumentPdf, type PdfOptions } from "../src/modules/billing/export/pdf.ts";
import type { DocumentView } from "../src/modules/billing/domain/document.ts";
import { BUYERS, SAMPLES, sampleDocument } from "../test/documents.ts";
import {
  goalLine,
  machineLine,
  median,
  round,
  say,
  type Benchmark,
  type BenchResult,
} from "./lib/result.ts";

/**
 * `pdf`: renderDocumentPdf on the domestic sample invoice (3 lines, one A4 page), in process, no
 * database: the first render (reads and parses the fonts), then RUNS renders after WARMUP with
 * compression on (what Kapu ships), interleaved with as many with compression off (so that both
 * see the same machine), and a 60-line invoice.
 */
const WARMUP = 50;
const RUNS = 300;
const RUNS_LONG = 30;
const GOAL_MS = 15;

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[index] ?? 0;
}

/** Pages of a pdfkit PDF: its page objects are never inside compressed streams. */
function pageCount(pdf: Buffer): number {
  return pdf.toString("latin1").match(/\/Type \/Page\b(?!s)/g)?.length ?? 0;
}

interface Timing {
  times: number[];
  bytes: number;
  pages: number;
}

async function timeRender(doc: DocumentView, options: PdfOptions, into: Timing): Promise<void> {
  const start = performance.now();
  const pdf = await renderDocumentPdf(doc, options);
  into.times.push(performance.now() - start);
  into.bytes = pdf.length;
  into.pages = pageCount(pdf);
}

const timing = (): Timing => ({ times: [], bytes: 0, pages: 0 });

function longInvoice(): DocumentView {
  return sampleDocument({
    buyer: BUYERS.huCompany,
    lines: Array.from({ length: 60 }, (_, i) => ({
      description: `Tárhely csomag ${i + 1}. – havidíj (ő, ű)`,
      quantity: "1",
      unit: "month" as const,
      unitPrice: "2990",
      vatCategory: "S" as const,
      vatRateBp: 2700,
      vatCountry: "HU",
      vatReason: "domestic" as const,
      periodFrom: "2026-12-01",
      periodTo: "2026-12-31",
    })),
  });
}

const kb = (bytes: number): number => round(bytes / 1024, 1);

async function run(): Promise<BenchResult> {
  say(`pdf: node ${process.versions.node}, domestic sample invoice (${SAMPLES.domestic.number})`);
  say(await machineLine());

  const coldStart = performance.now();
  await renderDocumentPdf(SAMPLES.domestic);
  say(`  first render (reads and parses the fonts): ${round(performance.now() - coldStart, 1)} ms`);

  const warmUp = timing();
  for (let i = 0; i < WARMUP; i++) {
    await timeRender(SAMPLES.domestic, {}, warmUp);
    await timeRender(SAMPLES.domestic, { compress: false }, warmUp);
  }
  const compressed = timing();
  const uncompressed = timing();
  for (let i = 0; i < RUNS; i++) {
    // Alternate which goes first, so neither always runs right after the other.
    if (i % 2 === 0) {
      await timeRender(SAMPLES.domestic, {}, compressed);
      await timeRender(SAMPLES.domestic, { compress: false }, uncompressed);
    } else {
      await timeRender(SAMPLES.domestic, { compress: false }, uncompressed);
      await timeRender(SAMPLES.domestic, {}, compressed);
    }
  }
  const longDoc = longInvoice();
  const long = timing();
  for (let i = 0; i < RUNS_LONG; i++) await timeRender(longDoc, {}, long);

  const value = round(median(compressed.times), 2);
  const p95 = round(percentile(compressed.times, 0.95), 2);
  say(
    `  one-page invoice, compressed (default): median ${value} ms, p95 ${p95} ms, ` +
      `${compressed.pages} page(s), ${kb(compressed.bytes)} KB (${RUNS} renders after ${WARMUP} warm-up)`,
  );
  say(
    `  one-page invoice, uncompressed: median ${round(median(uncompressed.times), 2)} ms, ` +
      `p95 ${round(percentile(uncompressed.times, 0.95), 2)} ms, ${kb(uncompressed.bytes)} KB`,
  );
  say(
    `  60-line invoice: median ${round(median(long.times), 2)} ms, ` +
      `p95 ${round(percentile(long.times, 0.95), 2)} ms, ${long.pages} pages, ${kb(long.bytes)} KB`,
  );
  say(goalLine(`median ≤ ${GOAL_MS} ms per one-page invoice`, value <= GOAL_MS));
  return { name: "pdf", value, unit: "ms", floor: null, ratio: null };
}

export const pdf: Benchmark = {
  name: "pdf",
  description: `renderDocumentPdf of a one-page invoice, in process; median of ${RUNS} (goal ≤ ${GOAL_MS} ms)`,
  run,
};
