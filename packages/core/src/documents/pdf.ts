import { PDFDocument, rgb, type PDFImage, type PDFPage, type RGB } from "pdf-lib";
import { formatMoney, type Money } from "../money.ts";
import { embedDocumentFonts, runsWidth, toRuns, type DocumentFonts, type FontStack } from "./pdf-fonts.ts";
import { wrapText } from "./wrap.ts";

/** Everything printed on a document, already chosen and labelled; this file only lays it out. */
export interface PdfContent {
  title: string;
  locale: string;
  issuedAt: Date;
  /** The merchant's name, printed at the top where there is no logo (or it cannot be read). */
  brand: string;
  /** The merchant's logo as stored (PNG or JPEG bytes); never fetched here. */
  logo?: { bytes: Uint8Array; type: "png" | "jpeg" } | null;
  from: { label: string; lines: string[] };
  to: { label: string; lines: string[] };
  meta: [label: string, value: string][];
  table: { headers: [string, string, string, string]; rows: { description: string; quantity: number; unit: Money; amount: Money }[] };
  totals: { label: string; value: Money; strong?: boolean }[];
  /** Extra sections below the totals, e.g. the payments of an order summary. */
  sections?: { heading: string; rows: [string, Money][] }[];
  footer: string;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;
const RIGHT = A4[0] - MARGIN;
const BOTTOM = MARGIN + 16; // room for the page number
const INK = rgb(0.1, 0.12, 0.14);
const MUTED = rgb(0.38, 0.42, 0.47);
const LINE = rgb(0.82, 0.84, 0.87);
const SIZE = 10;
const LEADING = 13;
const LOGO_BOX = { width: 160, height: 56 };

// Table columns: description on the left, then quantity, unit price and amount right-aligned at these edges.
const QTY_RIGHT = 370;
const UNIT_RIGHT = 460;
const DESCRIPTION_WIDTH = QTY_RIGHT - 45 - MARGIN;
const TOTAL_LABEL_LEFT = 250;
const PARTY_RIGHT_X = 320;
const PARTY_WIDTH = 230;

/** Renders an A4 PDF in the shipped Unicode fonts: long texts wrap, the item table runs over as many pages as it needs. */
export async function renderPdf(content: PdfContent): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(content.title);
  pdf.setCreator("Billfront");
  pdf.setProducer("Billfront");
  pdf.setCreationDate(content.issuedAt);
  pdf.setModificationDate(content.issuedAt);
  const fonts = await embedDocumentFonts(pdf, allTexts(content));
  const logo = await embedLogo(pdf, content.logo);
  const money = (m: Money) => pdfMoney(m, content.locale);
  const c = new Cursor(pdf, fonts, `${content.title} · ${content.meta[0]?.[1] ?? ""}`);

  // Header: logo (or the shop's name) on the left, the document's title on the right.
  const top = c.y;
  let brandBottom: number;
  if (logo) {
    const scale = Math.min(LOGO_BOX.width / logo.width, LOGO_BOX.height / logo.height, 1);
    const height = logo.height * scale;
    c.page.drawImage(logo, { x: MARGIN, y: top - height, width: logo.width * scale, height });
    brandBottom = top - height;
  } else {
    c.y = top;
    c.lines(content.brand, { x: MARGIN, width: 220, size: 14, font: fonts.bold });
    brandBottom = c.y;
  }
  c.y = top;
  // The title has what the brand leaves (a long one, "Récapitulatif de commande", still wraps rather than overlaps).
  c.lines(content.title, { x: MARGIN + 230, width: RIGHT - MARGIN - 230, size: 20, font: fonts.bold, align: "right" });
  c.y = Math.min(c.y, brandBottom) - 18;

  for (const [label, value] of content.meta) c.pair(label, value);
  c.gap(16);

  const partiesTop = c.y;
  c.block(content.from.label, content.from.lines, MARGIN);
  const afterFrom = c.y;
  c.y = partiesTop;
  c.block(content.to.label, content.to.lines, PARTY_RIGHT_X);
  c.y = Math.min(afterFrom, c.y) - 24;

  const header = content.table.headers;
  const drawHeader = () => {
    c.y -= SIZE;
    c.draw(header[0], MARGIN, fonts.bold, SIZE);
    c.drawRight(header[1], QTY_RIGHT, fonts.bold, SIZE);
    c.drawRight(header[2], UNIT_RIGHT, fonts.bold, SIZE);
    c.drawRight(header[3], RIGHT, fonts.bold, SIZE);
    c.y -= 6;
    c.rule(INK);
  };
  c.ensure(SIZE + 6 + LEADING + 6);
  drawHeader();
  c.onNewPage = drawHeader;
  for (const row of content.table.rows) {
    const lines = wrapText(row.description, (t) => runsWidth(toRuns(t, fonts.regular), SIZE), DESCRIPTION_WIDTH);
    c.ensure(LEADING + 6);
    c.y -= LEADING;
    c.draw(lines[0] ?? "", MARGIN, fonts.regular, SIZE);
    c.drawRight(String(row.quantity), QTY_RIGHT, fonts.regular, SIZE);
    c.drawRight(money(row.unit), UNIT_RIGHT, fonts.regular, SIZE);
    c.drawRight(money(row.amount), RIGHT, fonts.regular, SIZE);
    for (const line of lines.slice(1)) {
      c.ensure(LEADING);
      c.y -= LEADING;
      c.draw(line, MARGIN, fonts.regular, SIZE);
    }
    c.y -= 5;
    c.rule(LINE);
  }
  c.onNewPage = undefined;

  // Totals: labels wrap left of the amounts; the block is kept on one page when it fits on one.
  c.gap(4);
  const totals = content.totals.map((t) => ({
    ...t,
    lines: wrapText(t.label, (s) => runsWidth(toRuns(s, t.strong ? fonts.bold : fonts.regular), SIZE), UNIT_RIGHT - TOTAL_LABEL_LEFT),
  }));
  c.ensure(Math.min(totals.reduce((h, t) => h + t.lines.length * LEADING + 4, 0), A4[1] - MARGIN - BOTTOM));
  for (const total of totals) {
    const font = total.strong ? fonts.bold : fonts.regular;
    c.ensure(total.lines.length * LEADING + 4);
    c.y -= 4;
    total.lines.forEach((line, i) => {
      c.y -= LEADING;
      c.drawRight(line, UNIT_RIGHT, font, SIZE);
      if (i === 0) c.drawRight(money(total.value), RIGHT, font, SIZE);
    });
  }

  for (const section of content.sections ?? []) {
    c.gap(20);
    c.ensure(12 + 6 + LEADING);
    c.lines(section.heading, { x: MARGIN, width: RIGHT - MARGIN, size: 12, font: fonts.bold });
    for (const [left, right] of section.rows) {
      const lines = wrapText(left, (s) => runsWidth(toRuns(s, fonts.regular), SIZE), UNIT_RIGHT - MARGIN);
      c.ensure(LEADING + 3);
      c.y -= 3;
      lines.forEach((line, i) => {
        c.ensure(LEADING);
        c.y -= LEADING;
        c.draw(line, MARGIN, fonts.regular, SIZE);
        if (i === 0) c.drawRight(money(right), RIGHT, fonts.regular, SIZE);
      });
    }
  }
  c.gap(24);
  c.lines(content.footer, { x: MARGIN, width: RIGHT - MARGIN, size: 9, font: fonts.regular, color: MUTED });
  c.numberPages();
  return pdf.save();
}

class Cursor {
  page: PDFPage;
  y: number;
  /** Drawn at the top of every page the table runs onto (its header row). */
  onNewPage: (() => void) | undefined;
  readonly #pdf: PDFDocument;
  readonly #fonts: DocumentFonts;
  readonly #running: string;

  constructor(pdf: PDFDocument, fonts: DocumentFonts, running: string) {
    this.#pdf = pdf;
    this.#fonts = fonts;
    this.#running = running;
    this.page = pdf.addPage(A4);
    this.y = A4[1] - MARGIN;
  }

  /** Starts a new page unless `space` points still fit above the bottom margin. */
  ensure(space: number): void {
    if (this.y - space >= BOTTOM) return;
    this.page = this.#pdf.addPage(A4);
    this.y = A4[1] - MARGIN;
    // Later pages say what they continue, small, above the repeated table header.
    this.y -= 9;
    this.draw(this.#running, MARGIN, this.#fonts.regular, 9, MUTED);
    this.y -= 14;
    this.onNewPage?.();
  }

  gap(space: number): void {
    this.y -= space;
  }

  draw(text: string, x: number, stack: FontStack, size: number, color: RGB = INK): void {
    for (const run of toRuns(text, stack)) {
      this.page.drawText(run.text, { x, y: this.y, size, font: run.font, color });
      x += run.em * size;
    }
  }

  drawRight(text: string, right: number, stack: FontStack, size: number, color: RGB = INK): void {
    this.draw(text, right - runsWidth(toRuns(text, stack), size), stack, size, color);
  }

  /** A text wrapped into `width`, line under line from the cursor down. */
  lines(text: string, o: { x: number; width: number; size: number; font: FontStack; color?: RGB; align?: "left" | "right" }): void {
    const leading = o.size * 1.3;
    for (const line of wrapText(text, (t) => runsWidth(toRuns(t, o.font), o.size), o.width)) {
      this.ensure(leading);
      this.y -= o.size;
      if (o.align === "right") this.drawRight(line, o.x + o.width, o.font, o.size, o.color);
      else this.draw(line, o.x, o.font, o.size, o.color);
      this.y -= leading - o.size;
    }
  }

  pair(label: string, value: string): void {
    const lines = wrapText(value, (t) => runsWidth(toRuns(t, this.#fonts.regular), SIZE), RIGHT - MARGIN - 110);
    this.ensure(lines.length * LEADING);
    this.y -= LEADING;
    this.draw(label, MARGIN, this.#fonts.bold, SIZE, MUTED);
    lines.forEach((line, i) => {
      if (i > 0) this.y -= LEADING;
      this.draw(line, MARGIN + 110, this.#fonts.regular, SIZE);
    });
  }

  block(label: string, lines: string[], x: number): void {
    this.y -= 9;
    this.draw(label, x, this.#fonts.bold, 9, MUTED);
    this.y -= 4;
    for (const line of lines) this.lines(line, { x, width: PARTY_WIDTH, size: SIZE, font: this.#fonts.regular });
  }

  rule(color: RGB): void {
    this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: RIGHT, y: this.y }, thickness: 0.5, color });
  }

  /** "1 / 3" at the foot of every page of a document longer than one. */
  numberPages(): void {
    const pages = this.#pdf.getPages();
    if (pages.length < 2) return;
    pages.forEach((page, i) => {
      const text = `${i + 1} / ${pages.length}`;
      const runs = toRuns(text, this.#fonts.regular);
      page.drawText(text, { x: RIGHT - runsWidth(runs, 8), y: MARGIN - 10, size: 8, font: runs[0]!.font, color: MUTED });
    });
  }
}

function allTexts(content: PdfContent): string[] {
  return [
    content.title,
    content.brand,
    content.footer,
    ...content.from.lines,
    ...content.to.lines,
    ...content.meta.flat(),
    ...content.table.rows.map((r) => r.description),
    ...content.totals.map((t) => t.label),
    ...(content.sections ?? []).flatMap((s) => [s.heading, ...s.rows.map((r) => r[0])]),
  ];
}

/** The stored logo as a PDF image, or null when it cannot be read: the document then prints the shop's name. */
async function embedLogo(pdf: PDFDocument, logo: PdfContent["logo"]): Promise<PDFImage | null> {
  if (!logo) return null;
  try {
    return logo.type === "png" ? await pdf.embedPng(logo.bytes) : await pdf.embedJpg(logo.bytes);
  } catch {
    return null;
  }
}

/** Amounts in the document's locale (Noto Sans has every currency sign Intl prints: €, ₹, ₩, ¥). */
export function pdfMoney(value: Money, locale: string): string {
  return formatMoney(value, locale).replace(/\u2212/g, "-");
}
