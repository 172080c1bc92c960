/** Relative luminance of a `#rrggbb` colour (WCAG 2.2). */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** Contrast of a colour against white. */
export function contrastWithWhite(hex: string): number {
  return 1.05 / (luminance(hex) + 0.05);
}

/**
 * The merchant's brand colour, darkened until text in it on white (and white
 * text on it) reads at 4.5:1 (WCAG AA): a pale brand colour still makes
 * readable buttons and links. Anything but `#rrggbb` gives undefined.
 */
export function readableAccent(hex: string | null | undefined): string | undefined {
  if (!hex || !/^#[0-9a-f]{6}$/i.test(hex)) return undefined;
  let [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
  const toHex = () => `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, "0")).join("")}`;
  for (let step = 0; step < 40 && contrastWithWhite(toHex()) < 4.5; step++) [r, g, b] = [r * 0.92, g * 0.92, b * 0.92];
  return toHex();
}
