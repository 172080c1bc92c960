import { fileURLToPath } from "node:url";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

// pdf.js reads the metrics of the 14 standard fonts from its own package.
const standardFontDataUrl = fileURLToPath(new URL("../../standard_fonts/", import.meta.resolve("pdfjs-dist/legacy/build/pdf.mjs")));

/** The text of every page of a PDF, read back with pdf.js (tests check what a customer would read). */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, standardFontDataUrl }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const content = await page.getTextContent();
    pages.push(content.items.map((item) => ("str" in item ? item.str : "")).join("\n"));
  }
  await pdf.destroy();
  return pages.join("\n");
}

/** One page as pdf.js lays it out: its size, every text item with its position and width, and how many images it paints. */
export interface PdfPageLayout {
  width: number;
  height: number;
  items: { str: string; x: number; y: number; width: number }[];
  images: number;
}

/** The layout of every page of a PDF (tests check wrapping, page breaks and the logo). */
export async function pdfLayout(bytes: Uint8Array): Promise<PdfPageLayout[]> {
  const { OPS } = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, standardFontDataUrl }).promise;
  const pages: PdfPageLayout[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const [, , width, height] = page.view as [number, number, number, number];
    const content = await page.getTextContent();
    const items = content.items.flatMap((item) => ("str" in item && item.str ? [{ str: item.str, x: item.transform[4] as number, y: item.transform[5] as number, width: item.width }] : []));
    const operators = await page.getOperatorList();
    const images = operators.fnArray.filter((fn) => fn === OPS.paintImageXObject).length;
    pages.push({ width, height, items, images });
  }
  await pdf.destroy();
  return pages;
}
