import type { Catalogue, MessageCopy } from "./catalogue.ts";

/** How the merchant looks in its messages. */
export interface Brand {
  name: string;
  logoUrl: string | null;
  brandColor: string | null;
}

const DEFAULT_COLOR = "#1f5fbf";
const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";

/** The HTML part: one centred card, inline styles only (mail clients drop <style>), readable without images. */
export function renderHtml(copy: MessageCopy, catalogue: Catalogue, brand: Brand, name: string): string {
  const color = brandColor(brand.brandColor);
  const onColor = readableOn(color);
  const p = (text: string) => `<p style="margin:0 0 16px;">${escapeHtml(text)}</p>`;
  const logo = safeUrl(brand.logoUrl)
    ? `<img src="${escapeHtml(brand.logoUrl!)}" alt="${escapeHtml(brand.name)}" height="40" style="display:block;height:40px;width:auto;max-width:240px;border:0;">`
    : `<span style="font-size:20px;font-weight:700;color:#1f2328;">${escapeHtml(brand.name)}</span>`;
  const action = copy.action
    ? `<p style="margin:24px 0;"><a href="${escapeHtml(copy.action.url)}" style="display:inline-block;background:${color};color:${onColor};padding:12px 20px;border-radius:6px;text-decoration:none;font-weight:600;">${escapeHtml(copy.action.label)}</a></p>
<p style="margin:0 0 16px;font-size:14px;color:#57606a;">${escapeHtml(catalogue.linkHelp)}<br><a href="${escapeHtml(copy.action.url)}" style="color:${linkColor(color)};word-break:break-all;">${escapeHtml(copy.action.url)}</a></p>`
    : "";
  const code = copy.code
    ? `<p style="margin:0 0 16px;font-size:28px;font-weight:700;letter-spacing:6px;font-family:ui-monospace,Menlo,Consolas,monospace;">${escapeHtml(copy.code)}</p>`
    : "";
  return `<!doctype html>
<html lang="${escapeHtml(catalogue.language)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="color-scheme" content="light"><title>${escapeHtml(copy.subject)}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6;"><tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px;border-top:4px solid ${color};">
<tr><td style="padding:24px 32px 8px;">${logo}</td></tr>
<tr><td style="padding:8px 32px 16px;font-family:${FONT};font-size:16px;line-height:1.5;color:#1f2328;">
<h1 style="margin:0 0 16px;font-size:22px;line-height:1.3;color:#1f2328;">${escapeHtml(copy.heading ?? copy.subject)}</h1>
${p(catalogue.greeting(name))}
${copy.paragraphs.map(p).join("\n")}
${code}${action}
${(copy.after ?? []).map(p).join("\n")}
<p style="margin:24px 0 0;">${catalogue.signOff(brand.name).map(escapeHtml).join("<br>")}</p>
</td></tr>
<tr><td style="padding:16px 32px 24px;border-top:1px solid #e5e7eb;font-family:${FONT};font-size:13px;line-height:1.5;color:#57606a;">${escapeHtml(copy.footer ?? catalogue.footer(brand.name))}</td></tr>
</table>
</td></tr></table>
</body>
</html>`;
}

/** The text part: the same words, the link written out under its label. */
export function renderText(copy: MessageCopy, catalogue: Catalogue, brand: Brand, name: string): string {
  const blocks = [catalogue.greeting(name), ...copy.paragraphs];
  if (copy.code) blocks.push(copy.code);
  if (copy.action) blocks.push(`${copy.action.label}:\n${copy.action.url}`);
  blocks.push(...(copy.after ?? []), catalogue.signOff(brand.name).join("\n"), `--\n${copy.footer ?? catalogue.footer(brand.name)}`);
  return blocks.join("\n\n");
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function safeUrl(url: string | null): boolean {
  return !!url && /^https?:\/\/[^\s"'<>]+$/i.test(url);
}

/** The merchant's colour if it is one (#rrggbb), else Billfront's. */
export function brandColor(value: string | null): string {
  return value && /^#[0-9a-f]{6}$/i.test(value) ? value.toLowerCase() : DEFAULT_COLOR;
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** White or near-black text on the button, whichever contrasts more with the brand colour (WCAG). */
export function readableOn(hex: string): string {
  const l = luminance(hex);
  const onWhite = 1.05 / (l + 0.05);
  const onDark = (l + 0.05) / (luminance("#111111") + 0.05);
  return onWhite >= onDark ? "#ffffff" : "#111111";
}

/** The brand colour for a text link if it is dark enough on white (4.5:1), else a safe blue. */
function linkColor(hex: string): string {
  return 1.05 / (luminance(hex) + 0.05) >= 4.5 ? hex : "#1f5fbf";
}
