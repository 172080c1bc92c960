/**
 * Breaks a text into lines no wider than `width` (as `measure` says): at
 * spaces, around each CJK character (those scripts break between any two),
 * after hyphens and slashes, and inside a word only when the word alone is
 * wider than a line. Line breaks in the text are kept.
 */
export function wrapText(text: string, measure: (text: string) => number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r\n|\r|\n/)) {
    let line = "";
    for (const token of paragraph.match(TOKENS) ?? []) {
      const candidate = line + token;
      if (measure(candidate.trimEnd()) <= width) {
        line = candidate;
        continue;
      }
      if (line.trim()) lines.push(line.trimEnd());
      line = token.trimStart();
      // A word wider than a whole line is cut where it has to be.
      while (line && measure(line.trimEnd()) > width) {
        const cut = longestFit(line, measure, width);
        lines.push(line.slice(0, cut));
        line = line.slice(cut);
      }
    }
    lines.push(line.trimEnd());
  }
  return lines;
}

const CJK_CHAR = "\\u2e80-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef";
// A CJK character with its trailing spaces, or a run of other characters up to and including a hyphen or slash, with trailing spaces.
const TOKENS = new RegExp(`[${CJK_CHAR}]\\s*|[^\\s${CJK_CHAR}]*?[-/‐–—](?=[^\\s])|[^\\s${CJK_CHAR}]+\\s*|\\s+`, "gu");

function longestFit(text: string, measure: (text: string) => number, width: number): number {
  const chars = [...text];
  let low = 1;
  let high = chars.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (measure(chars.slice(0, mid).join("")) <= width) low = mid;
    else high = mid - 1;
  }
  return chars.slice(0, low).join("").length;
}
