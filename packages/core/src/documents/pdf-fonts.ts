import { readFile } from "node:fs/promises";
import fontkit from "@pdf-lib/fontkit";
import type { PDFDocument, PDFFont } from "pdf-lib";

/**
 * The fonts documents are printed in, shipped with the package (fonts/, SIL
 * OFL; built by scripts/build-pdf-fonts.py): Noto Sans for Latin, Greek and
 * Cyrillic, and a Simplified Chinese cut of Noto Sans CJK (GB 2312 and kana)
 * that is read and embedded only when a document has a character it needs.
 * Fonts are embedded as subsets, so a PDF carries only the glyphs it prints.
 */
const FILES = {
  regular: "NotoSans-Regular.ttf",
  bold: "NotoSans-Bold.ttf",
  cjk: "NotoSansCJKsc-Regular-GB2312.ttf",
} as const;
type FontFile = keyof typeof FILES;

/** Printed for a character no font has (emoji, scripts not shipped), so the gap is visible and predictable. */
export const REPLACEMENT = "\ufffd";

interface LoadedFont {
  bytes: Uint8Array;
  /** Whether the font has a glyph for a character. */
  has: (codePoint: number) => boolean;
  /** A character's advance in ems: measuring with pdf-lib runs fontkit's whole layout (about 1 ms a call), this is a lookup. */
  advance: (codePoint: number) => number;
}

const loaded = new Map<FontFile, Promise<LoadedFont>>();

function load(file: FontFile): Promise<LoadedFont> {
  let font = loaded.get(file);
  if (!font) {
    font = readFile(new URL(`./fonts/${FILES[file]}`, import.meta.url)).then((buffer) => {
      const bytes = new Uint8Array(buffer);
      const face = fontkit.create(bytes);
      const advances = new Map<number, number>();
      const advance = (cp: number) => {
        let em = advances.get(cp);
        if (em === undefined) advances.set(cp, (em = face.glyphForCodePoint(cp).advanceWidth / face.unitsPerEm));
        return em;
      };
      return { bytes, has: (cp: number) => face.hasGlyphForCodePoint(cp), advance };
    });
    // A failed read is not cached: the next document tries again.
    font.catch(() => loaded.delete(file));
    loaded.set(file, font);
  }
  return font;
}

/** One style (regular or bold) and its fallback: the glyph source of every character is chosen in order. */
export interface FontStack {
  fonts: { font: PDFFont; has: (codePoint: number) => boolean; advance: (codePoint: number) => number }[];
}

export interface DocumentFonts {
  regular: FontStack;
  bold: FontStack;
}

/** Whether a text needs the CJK font: the CJK ideographs, kana, CJK punctuation and full-width forms. */
const CJK = /[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]/u;

/** Embeds the fonts a document needs; `texts` are all it prints, to decide whether the CJK font is read at all. */
export async function embedDocumentFonts(pdf: PDFDocument, texts: Iterable<string>): Promise<DocumentFonts> {
  pdf.registerFontkit(fontkit);
  let needsCjk = false;
  for (const text of texts) if (CJK.test(text)) needsCjk = true;
  const [regular, bold, cjk] = await Promise.all([load("regular"), load("bold"), needsCjk ? load("cjk") : undefined]);
  // Ligatures off: each character is drawn as its own glyph, so the widths measured above are the widths printed.
  const embed = async (font: LoadedFont) => ({ font: await pdf.embedFont(font.bytes, { subset: true, features: { liga: false, clig: false, dlig: false } }), has: font.has, advance: font.advance });
  const [r, b, c] = await Promise.all([embed(regular), embed(bold), cjk ? embed(cjk) : undefined]);
  // Bold CJK is drawn in the regular weight: one CJK file is shipped, not two.
  return { regular: { fonts: c ? [r, c] : [r] }, bold: { fonts: c ? [b, c] : [b] } };
}

/** A piece of a line drawn in one font. */
export interface Run {
  text: string;
  font: PDFFont;
  /** Its width in ems (at size 1). */
  em: number;
}

/**
 * Splits a text into runs by the first font of the stack that has each
 * character; a character none has becomes REPLACEMENT (in the first font).
 */
export function toRuns(text: string, stack: FontStack): Run[] {
  const runs: Run[] = [];
  const first = stack.fonts[0]!;
  for (const char of text.normalize("NFC").replace(/[\t\r\n]/g, " ")) {
    const cp = char.codePointAt(0)!;
    // Variation selectors and zero-width joiners (emoji sequences) print nothing on their own.
    if (cp === 0xfe0f || cp === 0xfe0e || cp === 0x200d) continue;
    const source = stack.fonts.find((f) => f.has(cp)) ?? first;
    const printed = source.has(cp) ? char : REPLACEMENT;
    const em = source.advance(printed.codePointAt(0)!);
    const last = runs.at(-1);
    if (last?.font === source.font) {
      last.text += printed;
      last.em += em;
    } else runs.push({ text: printed, font: source.font, em });
  }
  return runs;
}

export function runsWidth(runs: Run[], size: number): number {
  return runs.reduce((sum, run) => sum + run.em, 0) * size;
}
