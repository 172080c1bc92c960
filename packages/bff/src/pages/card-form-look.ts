/**
 * The embedding page's look, passed to the card form in its URL (W2): the
 * element reads what its own shadow root resolved (accent, text, surface,
 * border, radius, font, colour scheme) and the form applies it as the public
 * `--billfront-*` tokens on its `:root`. The values end up inside a `<style>`,
 * so each must match a strict pattern: colours as the browser computes them
 * (hex or a colour function of numbers only), lengths, and font family lists
 * of plain names. Anything else is dropped, never escaped and kept.
 */

/** Query parameter -> the public token it sets. */
const COLOUR_TOKENS = {
  accent: "--billfront-accent",
  on_accent: "--billfront-on-accent",
  color: "--billfront-color",
  muted: "--billfront-muted",
  surface: "--billfront-surface",
  border: "--billfront-border",
  danger: "--billfront-danger",
} as const;

/** `#abc`, `#aabbccdd`, or `rgb(…)`/`oklch(…)`/`color(srgb …)` holding only numbers, separators and units. */
const COLOUR = /^(?:#[0-9a-f]{3,8}|(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch)\([0-9.,%\s/+-]{1,80}\)|color\((?:srgb|srgb-linear|display-p3|a98-rgb|prophoto-rgb|rec2020|xyz|xyz-d50|xyz-d65) [0-9.,%\s/+-]{1,80}\))$/i;
const LENGTH = /^(?:0|\d{1,3}(?:\.\d{1,4})?(?:px|rem|em|%))$/;
const FAMILY = `(?:[A-Za-z0-9_-][A-Za-z0-9 _-]{0,40}|"[A-Za-z0-9 _-]{1,40}"|'[A-Za-z0-9 _-]{1,40}')`;
/** A comma-separated list of family names, each bare or wholly quoted: quotes always balance, nothing else gets in. */
const FONT = new RegExp(`^\\s*${FAMILY}(?:\\s*,\\s*${FAMILY}){0,7}\\s*$`);

/** Which query parameters carry the look (the widget and the checkout write them). */
export const LOOK_PARAMS = [...Object.keys(COLOUR_TOKENS), "radius", "font", "scheme"] as const;

export interface CardFormLook {
  /** Public token -> a value that passed its pattern. */
  tokens: Record<string, string>;
  scheme: "light" | "dark" | undefined;
}

/** The valid part of the look in `query`; an invalid value is left out (the form keeps its default there). */
export function parseLook(query: Record<string, string | undefined>): CardFormLook {
  const tokens: Record<string, string> = {};
  for (const [param, token] of Object.entries(COLOUR_TOKENS)) {
    const value = query[param]?.trim();
    if (value && value.length <= 100 && COLOUR.test(value)) tokens[token] = value;
  }
  const radius = query["radius"]?.trim();
  if (radius && LENGTH.test(radius)) tokens["--billfront-radius"] = radius;
  const font = query["font"];
  if (font && font.length <= 300 && FONT.test(font)) tokens["--billfront-font"] = font.trim();
  const scheme = query["scheme"] === "dark" || query["scheme"] === "light" ? query["scheme"] : undefined;
  return { tokens, scheme };
}

/** The look as CSS for the document's `:root` (empty when nothing was passed). */
export function lookCss(look: CardFormLook): string {
  const declarations = Object.entries(look.tokens).map(([token, value]) => `${token}:${value};`);
  return declarations.length ? `:root{${declarations.join("")}}` : "";
}
