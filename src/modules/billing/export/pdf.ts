import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import PDFDocument from "pdfkit";
import { Money, minorDigits, type CurrencyCode } from "../../../platform/money/index.ts";
import type {
  DocumentLineView,
  DocumentView,
  Party,
  VatBreakdownView,
  VatCategory,
} from "../domain/document.ts";
import type { StatementView } from "../domain/statement.ts";
import {
  countryName,
  formatDate,
  formatTimestamp,
  pdfLabels,
  titleKey,
  PDF_LABELS,
  type PdfLabels,
  type PdfLanguage,
} from "./pdf-labels.ts";

/**
 * PDF rendering of issued documents (invoice, proforma, credit note) and account statements:
 * A4, DejaVu Sans embedded (subset) so that every Hungarian, Finnish and Slovenian letter prints,
 * all wording from pdf-labels.ts in the document's language.
 *
 * Layout is done here, not by pdfkit's text wrapper: every cell is measured and wrapped first, so
 * that a table row never splits across pages and the header row repeats on each new page. Text is
 * then placed line by line at fixed positions (pdfkit's fast path, no LineWrapper).
 *
 * Speed (bench/pdf.ts): the font files are read and parsed once per process, the shaping of each
 * distinct word and the outline of each glyph are cached across documents; pdfkit still embeds a
 * subset of the glyphs used by each document. See `withLayoutCache` for what that relies on.
 */

// ---------------------------------------------------------------------------------------------
// Fonts: read and parsed once per process, shaped text cached across documents.

const requireFromHere = createRequire(import.meta.url);

/** The part of a fontkit glyph run that pdfkit reads. */
interface GlyphRunLike {
  glyphs: unknown[];
  positions: Record<string, number>[];
  readonly advanceWidth: number;
}

/** A glyph of a parsed font; `_decode` reads its outline (fontkit TrueType glyphs). */
interface ParsedGlyph {
  codePoints: number[];
  _decode?: () => unknown;
}

/** A parsed font (fontkit) as pdfkit uses it; only `layout` and `getGlyph` are touched here. */
interface ParsedFont {
  layout(text: string, features?: unknown): GlyphRunLike;
  getGlyph(id: number, codePoints?: number[]): ParsedGlyph | null;
  directory?: { tables?: Record<string, unknown> };
}

const memoizedGlyphs = new WeakSet<ParsedGlyph>();

/**
 * Subsetting decodes the outline of every glyph it embeds (only to see whether it is composite),
 * again in every document. The outline of a static font never changes, so decode it once.
 */
function memoizeDecode(glyph: ParsedGlyph): void {
  const decode = glyph._decode;
  if (typeof decode !== "function" || memoizedGlyphs.has(glyph)) return;
  memoizedGlyphs.add(glyph);
  let done = false;
  let decoded: unknown;
  glyph._decode = () => {
    if (!done) {
      decoded = decode.call(glyph);
      done = true;
    }
    return decoded;
  };
}

/** A copy of a cached run: pdfkit scales the positions of every run it gets in place. */
class RunCopy implements GlyphRunLike {
  readonly glyphs: unknown[];
  readonly positions: Record<string, number>[];

  constructor(glyphs: unknown[], positions: readonly Record<string, number>[]) {
    this.glyphs = glyphs;
    this.positions = positions.map((p) => ({ ...p }));
  }

  get advanceWidth(): number {
    let width = 0;
    for (const p of this.positions) width += p.xAdvance ?? 0;
    return width;
  }
}

/** Distinct strings shaped per font before the cache is emptied (a bound on memory). */
const LAYOUT_CACHE_LIMIT = 20_000;

/**
 * The parsed font, with `layout` memoized across documents. pdfkit (fontkit) would otherwise
 * decode the font's tables and shape every word again for each document: most of the time of a
 * one-page invoice. The object inherits everything else from the parsed font, so pdfkit still
 * subsets and embeds it per document.
 */
function withLayoutCache(font: ParsedFont): ParsedFont {
  // fontkit caches glyph objects with the code points they were first asked for. Subsetting asks
  // without any (for compound glyphs' components: the O of Ö), and the next document's text
  // would then get that glyph with no ToUnicode entry (unextractable, unsearchable text). Within
  // one document this cannot happen, as pdfkit subsets after all text is laid out; with a font
  // shared across documents it can, so the code points are filled in when text asks for them.
  const getGlyph = font.getGlyph.bind(font);
  const variable = Boolean(font.directory?.tables?.fvar);
  font.getGlyph = (id: number, codePoints: number[] = []) => {
    const glyph = getGlyph(id, codePoints);
    if (glyph) {
      if (glyph.codePoints.length === 0 && codePoints.length > 0) glyph.codePoints = codePoints;
      if (!variable) memoizeDecode(glyph);
    }
    return glyph;
  };
  const cache = new Map<string, { glyphs: unknown[]; positions: Record<string, number>[] }>();
  const shared = Object.create(font) as ParsedFont;
  shared.layout = (text: string, features?: unknown): GlyphRunLike => {
    if (features !== undefined) return font.layout(text, features);
    let run = cache.get(text);
    if (!run) {
      const fresh = font.layout(text);
      run = { glyphs: fresh.glyphs, positions: fresh.positions.map((p) => ({ ...p })) };
      if (cache.size >= LAYOUT_CACHE_LIMIT) cache.clear();
      cache.set(text, run);
    }
    return new RunCopy(run.glyphs, run.positions);
  };
  return shared;
}

/**
 * Parses a font file the way pdfkit does (its own fontkit) by opening it in a throwaway document.
 * pdfkit accepts a parsed font wherever it accepts a font file. Falls back to the file itself
 * (parsed again per document: correct, only slower) should pdfkit's internals ever change.
 */
function parseFont(file: Buffer): Buffer | ParsedFont {
  try {
    const probe = new PDFDocument({ autoFirstPage: false });
    probe.font(file);
    const parsed = (probe as unknown as { _font?: { font?: ParsedFont } })._font?.font;
    if (typeof parsed?.layout === "function" && typeof parsed.getGlyph === "function") {
      return withLayoutCache(parsed);
    }
  } catch {
    // fall through
  }
  return file;
}

interface Fonts {
  regular: Buffer | ParsedFont;
  bold: Buffer | ParsedFont;
  /** Whether the fonts are parsed once (and shaped text cached) rather than per document. */
  shared: boolean;
}

let loadedFonts: Fonts | undefined;

function fonts(): Fonts {
  if (!loadedFonts) {
    const regular = readFileSync(requireFromHere.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf"));
    const bold = readFileSync(requireFromHere.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf"));
    const parsedRegular = parseFont(regular);
    const parsedBold = parseFont(bold);
    const shared = !Buffer.isBuffer(parsedRegular) && !Buffer.isBuffer(parsedBold);
    loadedFonts = shared
      ? { regular: parsedRegular, bold: parsedBold, shared }
      : { regular, bold, shared };
  }
  return loadedFonts;
}

/**
 * Reads and parses the fonts (and decodes their shaping tables) now rather than in the first
 * render, which otherwise takes ~100 ms longer. `shared` tells whether the fonts are parsed once
 * per process (expected) or, should pdfkit's internals have changed, per document.
 */
export function warmUpPdfFonts(): { shared: boolean } {
  const loaded = fonts();
  for (const font of [loaded.regular, loaded.bold]) {
    if (!Buffer.isBuffer(font)) font.layout("Számla 0123456789 ÁÉÍÓÖŐÚÜŰ");
  }
  return { shared: loaded.shared };
}

const FONT_REGULAR = "KapuSans";
const FONT_BOLD = "KapuSans-Bold";

// ---------------------------------------------------------------------------------------------
// Page geometry (points) and colours.

const PAGE_WIDTH = 595.28;
const MARGIN_X = 40;
const TOP = 40;
const CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X;
const RIGHT = MARGIN_X + CONTENT_WIDTH;
/** Content never goes below this; the footer lives under it. */
const BOTTOM = 790;
const FOOTER_Y = 806;

const INK = "#1a1a1a";
const MUTED = "#5f6368";
const RULE = "#c8c8c8";
const HEADER_FILL = "#eef0f2";
const BOX_FILL = "#f6f7f8";
const ACCENT = "#a3121f";

export interface PdfOptions {
  /**
   * Deflate the page and font streams (default true). Off saves about 1.3 ms of ~6.5 ms per
   * one-page invoice but makes the file 1.75 times larger (48 KB instead of 28 KB); bench/pdf.ts
   * measures both.
   */
  compress?: boolean;
}

type Face = "regular" | "bold";
type Align = "left" | "right" | "center";

// ---------------------------------------------------------------------------------------------
// Number formatting (exact: decimal strings, never floats).

const decimalFormats = new Map<string, Intl.NumberFormat>();

function decimalFormat(
  locale: string,
  minFraction: number,
  maxFraction: number,
): Intl.NumberFormat {
  const key = `${locale}|${minFraction}|${maxFraction}`;
  let format = decimalFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      minimumFractionDigits: minFraction,
      maximumFractionDigits: maxFraction,
    });
    decimalFormats.set(key, format);
  }
  return format;
}

/** An amount with its currency, as Money formats it: "3797,30 Ft", "€19.90". */
function money(minor: bigint, currency: CurrencyCode, l: PdfLabels): string {
  return Money.of(minor, currency).format(l.locale);
}

/** An amount without the currency, for table cells: "3797,30", "19.90". */
function amount(minor: bigint, currency: CurrencyCode, l: PdfLabels): string {
  const digits = minorDigits(currency);
  return decimalFormat(l.locale, digits, digits).format(
    Money.of(minor, currency).toDecimalString() as Intl.StringNumericLiteral,
  );
}

/** A decimal string (quantity, up to 4 decimals) in the document locale: "2,5". */
function decimal(value: string, l: PdfLabels): string {
  return decimalFormat(l.locale, 0, 4).format(value as Intl.StringNumericLiteral);
}

/** A decimal string printed with the locale's decimal separator, digits kept as they are. */
function decimalVerbatim(value: string, language: PdfLanguage): string {
  return language === "hu" ? value.replace(".", ",") : value;
}

/** Basis points as a percentage: 2700 → "27%", 550 → "5,5%". */
function percent(basisPoints: number, language: PdfLanguage): string {
  const whole = Math.trunc(basisPoints / 100);
  const fraction = Math.abs(basisPoints % 100);
  if (fraction === 0) return `${whole}%`;
  const digits = String(fraction).padStart(2, "0").replace(/0$/, "");
  return `${whole}${language === "hu" ? "," : "."}${digits}%`;
}

/** IBAN in groups of four, as printed on paper. */
function formatIban(iban: string): string {
  return iban
    .replace(/\s+/g, "")
    .replace(/(.{4})/g, "$1 ")
    .trim();
}

// ---------------------------------------------------------------------------------------------
// Text measuring, wrapping and cells.

/** A paragraph in a cell. `fit`: one line, shrunk to the width if it is too long. */
interface Span {
  text: string;
  face?: Face;
  size?: number;
  color?: string;
  fit?: boolean;
  /** Extra space above the paragraph, in points. */
  gap?: number;
}

interface PlacedLine {
  text: string;
  face: Face;
  size: number;
  color: string;
  /** Offset of the line's top from the cell's top. */
  dy: number;
  width: number;
}

interface Cell {
  lines: PlacedLine[];
  height: number;
}

const LEADING = 1.2;

class Canvas {
  readonly doc: PDFKit.PDFDocument;
  #face: Face | null = null;
  #size = 0;
  #color = "";

  constructor(doc: PDFKit.PDFDocument) {
    this.doc = doc;
  }

  /** Forgets the fill colour: each page has its own graphics state (after addPage/switchToPage). */
  pageChanged(): void {
    this.#color = "";
  }

  use(face: Face, size: number, color: string = INK): void {
    if (face !== this.#face) {
      this.doc.font(face === "bold" ? FONT_BOLD : FONT_REGULAR);
      this.#face = face;
    }
    if (size !== this.#size) {
      this.doc.fontSize(size);
      this.#size = size;
    }
    if (color !== this.#color) {
      this.doc.fillColor(color);
      this.#color = color;
    }
  }

  /** Width of `text` in the given face and size. */
  measure(text: string, face: Face, size: number): number {
    this.use(face, size, this.#color || INK);
    return this.doc.widthOfString(text);
  }

  /** One line of text whose top is at y; no wrapping. */
  line(text: string, x: number, y: number, face: Face, size: number, color: string = INK): void {
    if (text === "") return;
    this.use(face, size, color);
    this.doc.text(text, x, y, { lineBreak: false });
  }

  /** One line aligned inside [x, x + width]. */
  aligned(
    text: string,
    x: number,
    y: number,
    width: number,
    align: Align,
    face: Face,
    size: number,
    color: string = INK,
  ): void {
    if (align === "left") {
      this.line(text, x, y, face, size, color);
      return;
    }
    const w = this.measure(text, face, size);
    const offset = align === "right" ? width - w : (width - w) / 2;
    this.line(text, x + offset, y, face, size, color);
  }

  /** Greedy word wrap to `width`; words longer than a line are broken between characters. */
  wrap(text: string, width: number, face: Face, size: number): string[] {
    const out: string[] = [];
    const space = this.measure(" ", face, size);
    for (const paragraph of text.split("\n")) {
      let line = "";
      let lineWidth = 0;
      for (const word of paragraph.split(" ")) {
        if (word === "") continue;
        const w = this.measure(word, face, size);
        if (line !== "" && lineWidth + space + w <= width) {
          line += ` ${word}`;
          lineWidth += space + w;
          continue;
        }
        if (line !== "") out.push(line);
        if (w <= width) {
          line = word;
          lineWidth = w;
          continue;
        }
        // A word wider than the line: break it where it no longer fits.
        let rest = word;
        while (rest.length > 1 && this.measure(rest, face, size) > width) {
          let cut = rest.length - 1;
          while (cut > 1 && this.measure(rest.slice(0, cut), face, size) > width) cut--;
          out.push(rest.slice(0, cut));
          rest = rest.slice(cut);
        }
        line = rest;
        lineWidth = this.measure(rest, face, size);
      }
      out.push(line);
    }
    return out;
  }

  /** Lays out spans in a box of the given width. */
  cell(spans: readonly Span[], width: number): Cell {
    const lines: PlacedLine[] = [];
    let dy = 0;
    for (const span of spans) {
      const face = span.face ?? "regular";
      let size = span.size ?? 8;
      const color = span.color ?? INK;
      dy += span.gap ?? 0;
      if (span.fit) {
        let w = this.measure(span.text, face, size);
        if (w > width) {
          size = Math.max(4.5, (size * width) / w);
          w = this.measure(span.text, face, size);
        }
        lines.push({ text: span.text, face, size, color, dy, width: w });
        dy += size * LEADING;
        continue;
      }
      for (const text of this.wrap(span.text, width, face, size)) {
        lines.push({ text, face, size, color, dy, width: -1 });
        dy += size * LEADING;
      }
    }
    return { lines, height: dy };
  }

  drawCell(cell: Cell, x: number, y: number, width: number, align: Align): void {
    for (const line of cell.lines) {
      if (align === "left" || line.text === "") {
        this.line(line.text, x, y + line.dy, line.face, line.size, line.color);
        continue;
      }
      const w = line.width >= 0 ? line.width : this.measure(line.text, line.face, line.size);
      const offset = align === "right" ? width - w : (width - w) / 2;
      this.line(line.text, x + offset, y + line.dy, line.face, line.size, line.color);
    }
  }

  fillRect(x: number, y: number, w: number, h: number, color: string): void {
    this.doc.rect(x, y, w, h).fill(color);
    this.#color = color;
  }

  strokeRect(x: number, y: number, w: number, h: number, color: string = RULE): void {
    this.doc.lineWidth(0.6).rect(x, y, w, h).stroke(color);
  }

  rule(x1: number, y: number, x2: number, color: string = RULE, width = 0.5): void {
    this.doc.lineWidth(width).moveTo(x1, y).lineTo(x2, y).stroke(color);
  }
}

// ---------------------------------------------------------------------------------------------
// Tables with page breaks and a repeated header row.

interface Column {
  header: string;
  width: number;
  align: Align;
}

const CELL_PAD_X = 3;
const CELL_PAD_Y = 3.5;

class Flow {
  readonly canvas: Canvas;
  y = TOP;
  /** Draws the top of a continuation page (compact title) and returns the y below it. */
  readonly #continuation: (canvas: Canvas) => number;

  constructor(canvas: Canvas, continuation: (canvas: Canvas) => number) {
    this.canvas = canvas;
    this.#continuation = continuation;
  }

  newPage(): void {
    this.canvas.doc.addPage();
    this.canvas.pageChanged();
    this.y = this.#continuation(this.canvas);
  }

  /** Starts a new page unless `height` fits below the cursor; true if a page was added. */
  ensure(height: number): boolean {
    if (this.y + height <= BOTTOM) return false;
    this.newPage();
    return true;
  }
}

class Table {
  readonly #flow: Flow;
  readonly #columns: readonly Column[];
  readonly #x: number;
  readonly #width: number;
  #header: Cell[] | null = null;

  constructor(flow: Flow, columns: readonly Column[], x = MARGIN_X) {
    this.#flow = flow;
    this.#columns = columns;
    this.#x = x;
    this.#width = columns.reduce((sum, c) => sum + c.width, 0);
  }

  #headerCells(): Cell[] {
    this.#header ??= this.#columns.map((c) =>
      this.#flow.canvas.cell(
        [{ text: c.header, face: "bold", size: 7, color: INK }],
        c.width - 2 * CELL_PAD_X,
      ),
    );
    return this.#header;
  }

  #drawRow(cells: readonly Cell[], fill: string | null, ruleColor: string): void {
    const canvas = this.#flow.canvas;
    const height = Math.max(...cells.map((c) => c.height)) + 2 * CELL_PAD_Y;
    if (fill) canvas.fillRect(this.#x, this.#flow.y, this.#width, height, fill);
    let x = this.#x;
    this.#columns.forEach((column, i) => {
      const cell = cells[i];
      if (cell) {
        canvas.drawCell(
          cell,
          x + CELL_PAD_X,
          this.#flow.y + CELL_PAD_Y,
          column.width - 2 * CELL_PAD_X,
          column.align,
        );
      }
      x += column.width;
    });
    this.#flow.y += height;
    canvas.rule(this.#x, this.#flow.y, this.#x + this.#width, ruleColor);
  }

  #rowHeight(cells: readonly Cell[]): number {
    return Math.max(...cells.map((c) => c.height)) + 2 * CELL_PAD_Y;
  }

  header(): void {
    const cells = this.#headerCells();
    this.#flow.ensure(this.#rowHeight(cells) + 24);
    this.#drawRow(cells, HEADER_FILL, RULE);
  }

  /**
   * One row of spans per column; moves to a new page (with the header row) when it does not fit.
   * A row taller than a whole page (a description of thousands of characters) is split.
   */
  row(
    spans: readonly (readonly Span[])[],
    options: { fill?: string; strong?: boolean } = {},
  ): void {
    const fill = options.fill ?? null;
    const ruleColor = options.strong ? MUTED : RULE;
    let cells = this.#columns.map((c, i) =>
      this.#flow.canvas.cell(spans[i] ?? [], c.width - 2 * CELL_PAD_X),
    );
    if (this.#flow.ensure(this.#rowHeight(cells))) {
      this.#drawRow(this.#headerCells(), HEADER_FILL, RULE);
    }
    while (this.#flow.y + this.#rowHeight(cells) > BOTTOM) {
      const room = BOTTOM - this.#flow.y - 2 * CELL_PAD_Y;
      const parts = cells.map((cell) => splitCell(cell, room));
      this.#drawRow(
        parts.map(([head]) => head),
        fill,
        RULE,
      );
      this.#flow.newPage();
      this.#drawRow(this.#headerCells(), HEADER_FILL, RULE);
      cells = parts.map(([, rest]) => rest);
    }
    this.#drawRow(cells, fill, ruleColor);
  }
}

/** The lines of a cell that fit in `room` points, and the rest moved up to the top. */
function splitCell(cell: Cell, room: number): [Cell, Cell] {
  const head = cell.lines.filter((line) => line.dy + line.size * LEADING <= room);
  const rest = cell.lines.slice(head.length);
  const headHeight = head.reduce((h, line) => Math.max(h, line.dy + line.size * LEADING), 0);
  const shift = rest[0]?.dy ?? 0;
  return [
    { lines: head, height: headHeight },
    { lines: rest.map((line) => ({ ...line, dy: line.dy - shift })), height: cell.height - shift },
  ];
}

// ---------------------------------------------------------------------------------------------
// Shared blocks.

interface KeyValue {
  label: string;
  value: string;
  strong?: boolean;
}

/** Label/value rows in a column; returns the y below them. */
function keyValues(
  canvas: Canvas,
  rows: readonly KeyValue[],
  x: number,
  y: number,
  labelWidth: number,
  width: number,
): number {
  let cy = y;
  for (const row of rows) {
    const label = canvas.cell([{ text: row.label, size: 7.5, color: MUTED }], labelWidth - 4);
    const value = canvas.cell(
      [{ text: row.value, face: row.strong ? "bold" : "regular", size: row.strong ? 9.5 : 8.5 }],
      width - labelWidth,
    );
    const offset = row.strong ? 1.5 : 0.8;
    canvas.drawCell(label, x, cy + offset, labelWidth - 4, "left");
    canvas.drawCell(value, x + labelWidth, cy, width - labelWidth, "left");
    cy += Math.max(label.height, value.height) + 2.5;
  }
  return cy;
}

/** Label/amount rows right-aligned in the right half; `strong` rows get a rule and larger type. */
function summaryBlock(flow: Flow, rows: readonly KeyValue[]): void {
  const canvas = flow.canvas;
  const x = MARGIN_X + CONTENT_WIDTH / 2 + BOX_GAP / 2;
  const width = RIGHT - x;
  let height = 0;
  for (const row of rows) height += row.strong ? 10.5 * LEADING + 8 : 8.5 * LEADING + 4;
  flow.ensure(height);
  let y = flow.y;
  for (const row of rows) {
    const size = row.strong ? 10.5 : 8.5;
    const face: Face = row.strong ? "bold" : "regular";
    if (row.strong) {
      canvas.rule(x, y, RIGHT, MUTED, 0.8);
      y += 4;
    }
    canvas.line(row.label, x, y + (row.strong ? 1 : 0), face, row.strong ? 9.5 : 8.5);
    canvas.aligned(row.value, x, y, width, "right", face, size);
    y += size * LEADING + 4;
  }
  flow.y = y;
}

/** Seller or buyer (or customer) in a framed box. */
function partySpans(
  heading: string,
  party: Party,
  l: PdfLabels,
  language: PdfLanguage,
  showCountry: boolean,
  extra: readonly string[] = [],
): Span[] {
  const spans: Span[] = [
    { text: heading.toLocaleUpperCase(l.locale), face: "bold", size: 7, color: MUTED },
    { text: party.name, face: "bold", size: 10.5 },
    { text: party.addressLine, size: 8.5 },
    { text: `${party.postalCode} ${party.city}`, size: 8.5 },
  ];
  if (showCountry) spans.push({ text: countryName(party.country, language), size: 8.5 });
  const detail = (label: string, value: string | null | undefined) => {
    if (value) spans.push({ text: `${label}: ${value}`, size: 8 });
  };
  spans.push({ text: " ", size: 3 });
  detail(l.taxNumber, party.taxNumber);
  detail(l.euVatNumber, party.euVatNumber);
  detail(l.registrationNumber, party.registrationNumber);
  const bank = party.bankAccount;
  if (bank) {
    detail(l.bankAccount, formatIban(bank.iban));
    const bankLine = [bank.bankName, bank.bic ? `${l.bic}: ${bank.bic}` : null]
      .filter((part): part is string => Boolean(part))
      .join(", ");
    detail(l.bank, bankLine);
  }
  detail(l.email, party.email);
  detail(l.phone, party.phone);
  for (const text of extra) spans.push({ text, size: 8 });
  return spans;
}

const BOX_PAD = 8;
const BOX_GAP = 15;

/** Two framed boxes side by side; returns the y below them. */
function twoBoxes(
  canvas: Canvas,
  left: readonly Span[],
  right: readonly Span[],
  y: number,
): number {
  const boxWidth = (CONTENT_WIDTH - BOX_GAP) / 2;
  const inner = boxWidth - 2 * BOX_PAD;
  const a = canvas.cell(left, inner);
  const b = canvas.cell(right, inner);
  const height = Math.max(a.height, b.height) + 2 * BOX_PAD;
  canvas.strokeRect(MARGIN_X, y, boxWidth, height);
  canvas.strokeRect(MARGIN_X + boxWidth + BOX_GAP, y, boxWidth, height);
  canvas.drawCell(a, MARGIN_X + BOX_PAD, y + BOX_PAD, inner, "left");
  canvas.drawCell(b, MARGIN_X + boxWidth + BOX_GAP + BOX_PAD, y + BOX_PAD, inner, "left");
  return y + height;
}

/** A full-width box with a fill (and optional accent frame and heading above it). */
function filledBox(
  flow: Flow,
  spans: readonly Span[],
  options: { frame?: string; fill?: string; heading?: string } = {},
): void {
  const canvas = flow.canvas;
  const inner = CONTENT_WIDTH - 2 * BOX_PAD;
  const cell = canvas.cell(spans, inner);
  const height = cell.height + 2 * BOX_PAD;
  const headingHeight = options.heading ? 14 : 0;
  flow.ensure(headingHeight + height);
  if (options.heading) {
    canvas.line(options.heading, MARGIN_X, flow.y, "bold", 9);
    flow.y += headingHeight;
  }
  canvas.fillRect(MARGIN_X, flow.y, CONTENT_WIDTH, height, options.fill ?? BOX_FILL);
  if (options.frame) canvas.strokeRect(MARGIN_X, flow.y, CONTENT_WIDTH, height, options.frame);
  canvas.drawCell(cell, MARGIN_X + BOX_PAD, flow.y + BOX_PAD, inner, "left");
  flow.y += height;
}

/** Footer on every page: who and what on the left, "1/2" on the right. */
function footers(canvas: Canvas, left: string, l: PdfLabels): void {
  const doc = canvas.doc;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    canvas.pageChanged();
    canvas.rule(MARGIN_X, FOOTER_Y - 5, RIGHT, RULE);
    canvas.line(left, MARGIN_X, FOOTER_Y, "regular", 7, MUTED);
    canvas.aligned(
      l.pageOf(i - range.start + 1, range.count),
      RIGHT - 100,
      FOOTER_Y,
      100,
      "right",
      "regular",
      7,
      MUTED,
    );
  }
}

function createPdf(
  language: PdfLanguage,
  title: string,
  author: string,
  createdAt: string,
  options: PdfOptions,
): PDFKit.PDFDocument {
  const created = new Date(createdAt);
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN_X,
    // No default font: pdfkit would load Helvetica's metrics for every document otherwise.
    font: null as unknown as string,
    bufferPages: true,
    compress: options.compress ?? true,
    lang: PDF_LABELS[language].locale,
    displayTitle: true,
    pdfVersion: "1.7",
    info: {
      Title: title,
      Author: author,
      Creator: "Kapu",
      Producer: "Kapu",
      CreationDate: Number.isNaN(created.getTime()) ? new Date() : created,
    },
  });
  const { regular, bold } = fonts();
  // A parsed font is a valid font source for pdfkit at run time; its types only list files.
  doc.registerFont(FONT_REGULAR, regular as Buffer);
  doc.registerFont(FONT_BOLD, bold as Buffer);
  return doc;
}

function finish(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
    doc.end();
  });
}

// ---------------------------------------------------------------------------------------------
// Documents.

function vatMark(category: VatCategory, rateBp: number, doc: DocumentView, l: PdfLabels): string {
  if (category === "S") return percent(rateBp, doc.language);
  if (category === "E" && doc.seller.vatExempt) return l.vatMarkSubjectExempt;
  return l.vatMark[category];
}

function legalText(row: VatBreakdownView, doc: DocumentView, l: PdfLabels): string | null {
  if (row.exemptionText) return row.exemptionText;
  switch (row.vatCategory) {
    case "S":
      return null;
    case "Z":
      return l.legal.zeroRated;
    case "AE":
      return l.legal.reverseCharge;
    case "E":
      return doc.seller.vatExempt ? l.legal.subjectExempt : l.legal.exempt;
    case "K":
      return l.legal.intraCommunity;
    case "G":
      return l.legal.export;
    case "O":
      return l.legal.outOfScope;
  }
}

function lineSpans(line: DocumentLineView, doc: DocumentView, l: PdfLabels): Span[][] {
  const currency = doc.currency;
  const description: Span[] = [{ text: line.description, size: 8 }];
  if (line.periodFrom || line.periodTo) {
    const from = line.periodFrom ? formatDate(line.periodFrom, doc.language) : "";
    const to = line.periodTo ? formatDate(line.periodTo, doc.language) : "";
    description.push({ text: `${l.servicePeriod}: ${from} – ${to}`, size: 7, color: MUTED });
  }
  if (line.discount !== 0n) {
    description.push({
      text: `${l.discount}: ${money(line.discount, currency, l)}`,
      size: 7,
      color: MUTED,
    });
  }
  if (line.correctsPosition !== null) {
    description.push({
      text: `${l.correctsPosition}: ${line.correctsPosition}.`,
      size: 7,
      color: MUTED,
    });
  }
  const num = (minor: bigint): Span[] => [{ text: amount(minor, currency, l), size: 8, fit: true }];
  return [
    [{ text: `${line.position}`, size: 8, color: MUTED }],
    description,
    [{ text: `${decimal(line.quantity, l)} ${l.units[line.unit]}`, size: 8, fit: true }],
    num(line.unitPrice),
    num(line.net),
    [{ text: vatMark(line.vatCategory, line.vatRateBp, doc, l), size: 8, fit: true }],
    num(line.vat),
    num(line.gross),
  ];
}

function lineColumns(l: PdfLabels): Column[] {
  const fixed: Column[] = [
    { header: l.col.position, width: 18, align: "right" },
    { header: l.col.description, width: 0, align: "left" },
    { header: l.col.quantity, width: 56, align: "right" },
    { header: l.col.unitPrice, width: 60, align: "right" },
    { header: l.col.net, width: 62, align: "right" },
    { header: l.col.vatRate, width: 34, align: "right" },
    { header: l.col.vat, width: 58, align: "right" },
    { header: l.col.gross, width: 62, align: "right" },
  ];
  const used = fixed.reduce((sum, c) => sum + c.width, 0);
  fixed[1] = { ...fixed[1]!, width: CONTENT_WIDTH - used };
  return fixed;
}

function documentNotes(doc: DocumentView, l: PdfLabels): Span[] {
  const spans: Span[] = [];
  const add = (text: string, face: Face) => {
    if (spans.some((span) => span.text === text)) return;
    spans.push({ text, face, size: 8.5, gap: spans.length > 0 ? 2 : 0 });
  };
  // Legal wording first: why a line has no (or a foreign) VAT.
  for (const row of doc.breakdown) {
    const text = legalText(row, doc, l);
    if (text === null) continue;
    const mark = vatMark(row.vatCategory, row.vatRateBp, doc, l);
    add(mark === text ? text : `${mark}: ${text}`, "bold");
  }
  if (doc.seller.vatExempt && !doc.breakdown.some((b) => b.vatCategory === "E")) {
    add(l.legal.subjectExempt, "bold");
  }
  if (doc.cashAccounting) add(l.legal.cashAccounting, "bold");
  const ossCountries = new Set(
    doc.lines.filter((line) => line.vatReason === "eu_b2c_oss").map((line) => line.vatCountry),
  );
  for (const country of ossCountries) add(l.ossNote(countryName(country, doc.language)), "regular");
  if (doc.note) add(`${l.note}: ${doc.note}`, "regular");
  return spans;
}

function documentTitle(doc: DocumentView, language: PdfLanguage): string {
  return PDF_LABELS[language].title[titleKey(doc.kind, doc.correctionType, doc.totals.gross)];
}

/** Renders an issued document (invoice, proforma, credit note) as an A4 PDF. */
export async function renderDocumentPdf(
  doc: DocumentView,
  options: PdfOptions = {},
): Promise<Buffer> {
  const language = doc.language;
  const l = pdfLabels(language);
  const title = documentTitle(doc, language);
  const pdf = createPdf(
    language,
    `${title} ${doc.number}`,
    doc.seller.name,
    doc.createdAt,
    options,
  );
  const canvas = new Canvas(pdf);
  const currency = doc.currency;
  const foreign = currency !== "HUF";

  const flow = new Flow(canvas, (c) => {
    c.line(title, MARGIN_X, TOP, "bold", 11);
    c.aligned(doc.number, RIGHT - 250, TOP, 250, "right", "bold", 11);
    c.rule(MARGIN_X, TOP + 18, RIGHT);
    return TOP + 26;
  });

  // Title (left) and the document's dates and payment terms (right).
  let leftY = TOP;
  canvas.line(title, MARGIN_X, leftY, "bold", 20);
  leftY += 26;
  if (language !== "hu") {
    canvas.line(documentTitle(doc, "hu"), MARGIN_X, leftY, "regular", 9, MUTED);
    leftY += 13;
  }
  if (doc.kind === "proforma") {
    canvas.line(l.notATaxInvoice, MARGIN_X, leftY + 2, "bold", 11, ACCENT);
    leftY += 18;
    if (language !== "hu") {
      canvas.line(PDF_LABELS.hu.notATaxInvoice, MARGIN_X, leftY, "regular", 8, ACCENT);
      leftY += 12;
    }
  }
  const meta: KeyValue[] = [{ label: l.number, value: doc.number, strong: true }];
  meta.push({ label: l.issueDate, value: formatDate(doc.issueDate, language) });
  if (doc.fulfilmentDate) {
    meta.push({ label: l.fulfilmentDate, value: formatDate(doc.fulfilmentDate, language) });
  }
  if (doc.dueDate) meta.push({ label: l.dueDate, value: formatDate(doc.dueDate, language) });
  meta.push({ label: l.paymentMethod, value: l.paymentMethods[doc.paymentMethod] });
  meta.push({ label: l.currency, value: currency });
  if (foreign) {
    meta.push({
      label: l.exchangeRate,
      value: l.exchangeRateValue(currency, decimalVerbatim(doc.exchangeRate, language)),
    });
    if (doc.exchangeRateDate) {
      meta.push({ label: l.exchangeRateDate, value: formatDate(doc.exchangeRateDate, language) });
    }
  }
  if (doc.paymentReference) {
    meta.push({ label: l.paymentReference, value: doc.paymentReference, strong: true });
  }
  if (doc.corrects) {
    meta.push({ label: l.correctedNumber, value: doc.corrects.number, strong: true });
    meta.push({ label: l.correctedDate, value: formatDate(doc.corrects.issueDate, language) });
    meta.push({ label: l.modificationIndex, value: `${doc.corrects.modificationIndex}` });
  }
  const metaX = MARGIN_X + CONTENT_WIDTH / 2 + BOX_GAP / 2;
  const rightY = keyValues(canvas, meta, metaX, TOP + 2, 108, RIGHT - metaX);
  flow.y = Math.max(leftY, rightY) + 10;

  // Seller and buyer.
  const showCountry = doc.seller.country !== "HU" || doc.buyer.country !== "HU";
  flow.y = twoBoxes(
    canvas,
    partySpans(l.seller, doc.seller, l, language, showCountry),
    partySpans(l.buyer, doc.buyer, l, language, showCountry),
    flow.y,
  );
  flow.y += 10;

  if (doc.corrects) {
    filledBox(flow, [
      {
        text: l.correctionStatement(
          doc.corrects.number,
          formatDate(doc.corrects.issueDate, language),
        ),
        face: "bold",
        size: 9,
      },
    ]);
    flow.y += 10;
  }

  if (doc.kind === "proforma") {
    const bank = doc.seller.bankAccount;
    const spans: Span[] = [
      { text: l.payTitle, face: "bold", size: 10, color: ACCENT },
      {
        text: `${l.amountToPay}: ${money(doc.totals.due, currency, l)}`,
        face: "bold",
        size: 12,
        gap: 4,
      },
    ];
    if (bank) {
      spans.push({ text: `${l.iban}: ${formatIban(bank.iban)}`, face: "bold", size: 10, gap: 4 });
      const bankLine = [bank.bankName, bank.bic ? `${l.bic}: ${bank.bic}` : null]
        .filter((part): part is string => Boolean(part))
        .join(", ");
      if (bankLine) spans.push({ text: `${l.bank}: ${bankLine}`, size: 8.5 });
    }
    if (doc.paymentReference) {
      spans.push({ text: l.payInstruction, size: 8.5, gap: 4 });
      spans.push({
        text: `${l.paymentReference}: ${doc.paymentReference}`,
        face: "bold",
        size: 12,
      });
    }
    spans.push({ text: l.proformaExplanation, size: 8, color: MUTED, gap: 4 });
    filledBox(flow, spans, { frame: ACCENT, fill: "#fdf3f4" });
    flow.y += 10;
  }

  // Lines.
  flow.ensure(60);
  canvas.aligned(
    l.amountsIn(currency),
    MARGIN_X,
    flow.y,
    CONTENT_WIDTH,
    "right",
    "regular",
    7,
    MUTED,
  );
  flow.y += 10;
  const lines = new Table(flow, lineColumns(l));
  lines.header();
  for (const line of doc.lines) lines.row(lineSpans(line, doc, l));
  flow.y += 12;

  // VAT breakdown.
  const breakdownColumns: Column[] = [
    { header: l.breakdown.rate, width: 0, align: "left" },
    { header: l.breakdown.taxable, width: 95, align: "right" },
    { header: l.breakdown.vat, width: 95, align: "right" },
    { header: l.breakdown.gross, width: 95, align: "right" },
  ];
  if (foreign) breakdownColumns.push({ header: l.breakdown.vatHuf, width: 95, align: "right" });
  breakdownColumns[0] = {
    ...breakdownColumns[0]!,
    width: CONTENT_WIDTH - breakdownColumns.reduce((sum, c) => sum + c.width, 0),
  };
  flow.ensure(16 + 20 * (doc.breakdown.length + 1));
  canvas.line(l.breakdownTitle, MARGIN_X, flow.y, "bold", 9);
  flow.y += 14;
  const breakdown = new Table(flow, breakdownColumns);
  breakdown.header();
  for (const row of doc.breakdown) {
    const cells: Span[][] = [
      [{ text: vatMark(row.vatCategory, row.vatRateBp, doc, l), size: 8 }],
      [{ text: money(row.taxable, currency, l), size: 8, fit: true }],
      [{ text: money(row.vat, currency, l), size: 8, fit: true }],
      [{ text: money(row.taxable + row.vat, currency, l), size: 8, fit: true }],
    ];
    if (foreign) cells.push([{ text: money(row.vatHuf, "HUF", l), size: 8, fit: true }]);
    breakdown.row(cells);
  }
  flow.y += 10;

  // Totals.
  const totals: KeyValue[] = [
    { label: l.totalNet, value: money(doc.totals.net, currency, l) },
    { label: l.totalVat, value: money(doc.totals.vat, currency, l) },
  ];
  if (foreign) totals.push({ label: l.totalVatHuf, value: money(doc.totals.vatHuf, "HUF", l) });
  const grossLabel = doc.totals.gross < 0n ? l.amountCredited : l.totalGross;
  totals.push({ label: grossLabel, value: money(doc.totals.gross, currency, l), strong: true });
  if (doc.totals.paid !== 0n) {
    totals.push({ label: l.paid, value: money(doc.totals.paid, currency, l) });
    totals.push({ label: l.amountDue, value: money(doc.totals.due, currency, l), strong: true });
  }
  summaryBlock(flow, totals);
  flow.y += 8;

  // Legal wording and notes.
  const notes = documentNotes(doc, l);
  if (notes.length > 0) filledBox(flow, notes, { heading: l.notesTitle });

  footers(canvas, `${doc.seller.name} · ${title} ${doc.number}`, l);
  return finish(pdf);
}

// ---------------------------------------------------------------------------------------------
// Account statements.

/** Renders an account statement (opening balance, movements, closing balance) as an A4 PDF. */
export async function renderStatementPdf(
  s: StatementView,
  options: PdfOptions = {},
): Promise<Buffer> {
  const language = s.language;
  const l = pdfLabels(language);
  const sl = l.statement;
  const currency = s.currency;
  const period = `${formatDate(s.from, language)} – ${formatDate(s.to, language)}`;
  const pdf = createPdf(
    language,
    `${sl.title} ${s.customerCode} ${period}`,
    s.seller.name,
    s.generatedAt,
    options,
  );
  const canvas = new Canvas(pdf);

  const flow = new Flow(canvas, (c) => {
    c.line(sl.title, MARGIN_X, TOP, "bold", 11);
    c.aligned(`${s.customerCode} · ${period}`, RIGHT - 300, TOP, 300, "right", "bold", 9);
    c.rule(MARGIN_X, TOP + 18, RIGHT);
    return TOP + 26;
  });

  canvas.line(sl.title, MARGIN_X, TOP, "bold", 20);
  let leftY = TOP + 26;
  if (language !== "hu") {
    canvas.line(PDF_LABELS.hu.statement.title, MARGIN_X, leftY, "regular", 9, MUTED);
    leftY += 13;
  }
  const metaX = MARGIN_X + CONTENT_WIDTH / 2 + BOX_GAP / 2;
  const rightY = keyValues(
    canvas,
    [
      { label: sl.customerCode, value: s.customerCode, strong: true },
      { label: sl.period, value: period },
      { label: sl.currency, value: currency },
      { label: sl.generatedAt, value: formatTimestamp(s.generatedAt, language) },
    ],
    metaX,
    TOP + 2,
    108,
    RIGHT - metaX,
  );
  flow.y = Math.max(leftY, rightY) + 10;
  const showCountry = s.seller.country !== "HU" || s.customer.country !== "HU";
  flow.y = twoBoxes(
    canvas,
    partySpans(l.seller, s.seller, l, language, showCountry),
    partySpans(sl.customer, s.customer, l, language, showCountry),
    flow.y,
  );
  flow.y += 14;

  const columns: Column[] = [
    { header: sl.col.date, width: 56, align: "left" },
    { header: sl.col.kind, width: 62, align: "left" },
    { header: sl.col.reference, width: 88, align: "left" },
    { header: sl.col.description, width: 0, align: "left" },
    { header: sl.col.debit, width: 64, align: "right" },
    { header: sl.col.credit, width: 64, align: "right" },
    { header: sl.col.balance, width: 68, align: "right" },
  ];
  columns[3] = {
    ...columns[3]!,
    width: CONTENT_WIDTH - columns.reduce((sum, c) => sum + c.width, 0),
  };
  const num = (minor: bigint, face: Face = "regular"): Span[] =>
    minor === 0n ? [] : [{ text: amount(minor, currency, l), face, size: 8, fit: true }];
  const balance = (minor: bigint, face: Face = "regular"): Span[] => [
    { text: amount(minor, currency, l), face, size: 8, fit: true },
  ];

  canvas.aligned(
    l.amountsIn(currency),
    MARGIN_X,
    flow.y,
    CONTENT_WIDTH,
    "right",
    "regular",
    7,
    MUTED,
  );
  flow.y += 10;
  const table = new Table(flow, columns);
  table.header();
  table.row(
    [
      [{ text: formatDate(s.from, language), size: 8 }],
      [],
      [],
      [{ text: sl.openingBalance, face: "bold", size: 8 }],
      [],
      [],
      balance(s.openingBalance, "bold"),
    ],
    { fill: BOX_FILL },
  );
  for (const row of s.rows) {
    table.row([
      [{ text: formatDate(row.date, language), size: 8 }],
      [{ text: sl.kinds[row.kind], size: 8 }],
      [{ text: row.reference, size: 8, fit: true }],
      [{ text: row.description, size: 8 }],
      num(row.debit),
      num(row.credit),
      balance(row.balance),
    ]);
  }
  if (s.rows.length === 0) {
    table.row([[], [], [], [{ text: sl.noRows, size: 8, color: MUTED }], [], [], []]);
  }
  table.row(
    [
      [{ text: formatDate(s.to, language), size: 8 }],
      [],
      [],
      [{ text: sl.closingBalance, face: "bold", size: 8 }],
      num(s.totalDebit, "bold"),
      num(s.totalCredit, "bold"),
      balance(s.closingBalance, "bold"),
    ],
    { fill: BOX_FILL, strong: true },
  );
  flow.y += 14;

  // Summary with currencies, and what the closing balance means.
  const summary: KeyValue[] = [
    { label: sl.openingBalance, value: money(s.openingBalance, currency, l) },
    { label: sl.totalDebit, value: money(s.totalDebit, currency, l) },
    { label: sl.totalCredit, value: money(s.totalCredit, currency, l) },
    { label: sl.closingBalance, value: money(s.closingBalance, currency, l), strong: true },
  ];
  summaryBlock(flow, summary);
  flow.y += 6;
  const meaning =
    s.closingBalance > 0n
      ? sl.balanceOwed
      : s.closingBalance < 0n
        ? sl.balanceInCredit
        : sl.balanceSettled;
  filledBox(flow, [{ text: meaning, face: "bold", size: 8.5 }]);

  footers(canvas, `${s.seller.name} · ${sl.title} ${s.customerCode} · ${period}`, l);
  return finish(pdf);
}
