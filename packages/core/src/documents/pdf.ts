import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from "pdf-lib";
import { formatMoney, type Money } from "../money.ts";

/** Everything printed on a document, already chosen and labelled; this file only lays it out. */
export interface PdfContent {
  title: string;
  locale: string;
  issuedAt: Date;
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
const INK = rgb(0.1, 0.12, 0.14);
const MUTED = rgb(0.38, 0.42, 0.47);

/** Renders a one-or-more page A4 PDF with the standard Helvetica fonts (no font files to ship). */
export async function renderPdf(content: PdfContent): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(content.title);
  pdf.setCreator("Billfront");
  pdf.setProducer("Billfront");
  pdf.setCreationDate(content.issuedAt);
  pdf.setModificationDate(content.issuedAt);
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const cursor = new Cursor(pdf, regular);
  const money = (m: Money) => pdfMoney(m, content.locale, regular);

  cursor.text(content.title, { font: bold, size: 22 });
  cursor.gap(8);
  for (const [label, value] of content.meta) cursor.pair(label, value, bold);
  cursor.gap(14);

  const top = cursor.y;
  cursor.block(content.from.label, content.from.lines, bold, MARGIN);
  const afterFrom = cursor.y;
  cursor.y = top;
  cursor.block(content.to.label, content.to.lines, bold, 320);
  cursor.y = Math.min(afterFrom, cursor.y) - 28;

  const columns = [MARGIN, 330, 400, A4[0] - MARGIN];
  const header = content.table.headers;
  cursor.ensure(30);
  cursor.page.drawText(safe(header[0], bold), { x: columns[0]!, y: cursor.y, size: 10, font: bold, color: INK });
  cursor.right(header[1], columns[1]! + 40, bold);
  cursor.right(header[2], columns[2]! + 80, bold, false);
  cursor.right(header[3], columns[3]!, bold, false);
  cursor.y -= 6;
  cursor.rule();
  for (const row of content.table.rows) {
    cursor.ensure(20);
    cursor.y -= 14;
    const description = fit(safe(row.description, regular), regular, 10, columns[1]! - columns[0]! - 10);
    cursor.page.drawText(description, { x: columns[0]!, y: cursor.y, size: 10, font: regular, color: INK });
    cursor.right(String(row.quantity), columns[1]! + 40, regular, false);
    cursor.right(money(row.unit), columns[2]! + 80, regular, false);
    cursor.right(money(row.amount), columns[3]!, regular, false);
  }
  cursor.y -= 8;
  cursor.rule();
  for (const total of content.totals) {
    cursor.ensure(20);
    cursor.y -= 16;
    const font = total.strong ? bold : regular;
    cursor.right(total.label, columns[2]! + 80, font, false);
    cursor.right(money(total.value), columns[3]!, font, false);
  }
  for (const section of content.sections ?? []) {
    cursor.gap(24);
    cursor.text(section.heading, { font: bold, size: 12 });
    for (const [left, right] of section.rows) {
      cursor.ensure(18);
      cursor.y -= 14;
      cursor.page.drawText(fit(safe(left, regular), regular, 10, 380), { x: MARGIN, y: cursor.y, size: 10, font: regular, color: INK });
      cursor.right(money(right), columns[3]!, regular, false);
    }
  }
  cursor.gap(28);
  cursor.text(content.footer, { font: regular, size: 9, color: MUTED });
  return pdf.save();
}

class Cursor {
  page: PDFPage;
  y: number;
  readonly #pdf: PDFDocument;
  readonly #font: PDFFont;

  constructor(pdf: PDFDocument, font: PDFFont) {
    this.#pdf = pdf;
    this.#font = font;
    this.page = pdf.addPage(A4);
    this.y = A4[1] - MARGIN;
  }

  ensure(space: number): void {
    if (this.y - space >= MARGIN) return;
    this.page = this.#pdf.addPage(A4);
    this.y = A4[1] - MARGIN;
  }

  gap(space: number): void {
    this.y -= space;
  }

  text(value: string, options: { font: PDFFont; size: number; color?: ReturnType<typeof rgb> }): void {
    this.ensure(options.size + 6);
    this.y -= options.size;
    this.page.drawText(safe(value, options.font), { x: MARGIN, y: this.y, size: options.size, font: options.font, color: options.color ?? INK });
    this.y -= 4;
  }

  pair(label: string, value: string, bold: PDFFont): void {
    this.ensure(16);
    this.y -= 13;
    this.page.drawText(safe(label, bold), { x: MARGIN, y: this.y, size: 10, font: bold, color: MUTED });
    this.page.drawText(safe(value, this.#font), { x: MARGIN + 110, y: this.y, size: 10, font: this.#font, color: INK });
  }

  block(label: string, lines: string[], bold: PDFFont, x: number): void {
    this.y -= 10;
    this.page.drawText(safe(label, bold), { x, y: this.y, size: 9, font: bold, color: MUTED });
    for (const line of lines) {
      this.y -= 13;
      this.page.drawText(fit(safe(line, this.#font), this.#font, 10, 220), { x, y: this.y, size: 10, font: this.#font, color: INK });
    }
  }

  right(value: string, xRight: number, font: PDFFont, sanitise = true): void {
    const text = sanitise ? safe(value, font) : value;
    this.page.drawText(text, { x: xRight - font.widthOfTextAtSize(text, 10), y: this.y, size: 10, font, color: INK });
  }

  rule(): void {
    this.page.drawLine({ start: { x: MARGIN, y: this.y }, end: { x: A4[0] - MARGIN, y: this.y }, thickness: 0.5, color: MUTED });
  }
}

/**
 * Standard PDF fonts cover WinAnsi only: spaces Intl uses (no-break, narrow
 * no-break) become plain spaces; anything else outside the set becomes "?".
 */
function safe(text: string, font: PDFFont): string {
  const normalised = text.replace(/[\u00a0\u202f\u2009]/g, " ").replace(/\u2212/g, "-");
  let out = "";
  for (const char of normalised) {
    try {
      font.encodeText(char);
      out += char;
    } catch {
      out += "?";
    }
  }
  return out;
}

/** Amounts in the document's locale; a currency symbol the font lacks (₹, ₩) is printed as its ISO code instead. */
export function pdfMoney(value: Money, locale: string, font: PDFFont): string {
  const formatted = formatMoney(value, locale).replace(/[\u00a0\u202f]/g, " ").replace(/\u2212/g, "-");
  try {
    font.encodeText(formatted);
    return formatted;
  } catch {
    return safe(formatMoney(value, locale).replace(/[^\d.,\s\-\u2212]/g, "").trim() + ` ${value.currency}`, font);
  }
}

function fit(text: string, font: PDFFont, size: number, width: number): string {
  if (font.widthOfTextAtSize(text, size) <= width) return text;
  let cut = text;
  while (cut.length > 1 && font.widthOfTextAtSize(`${cut}…`, size) > width) cut = cut.slice(0, -1);
  return `${cut}…`;
}
