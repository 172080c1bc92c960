/**
 * Billfront's design system as plain CSS text, shared by every element (inside
 * shadow roots, scope `:host`) and by the BFF's own documents — the card form,
 * checkout and the hosted pages (scope `:root`). No Lit here: the BFF imports it.
 *
 * Theming (W2). Public tokens (`--billfront-*`) are never declared by Billfront:
 * a merchant sets them on `:root`, on `<billfront-portal>` or on one element and
 * they inherit down. Each is read once into a private `--_bf-*` with its default
 * in the `var()` fallback. Colours default through `light-dark()`, so the scheme
 * follows CSS `color-scheme`: the page's (a page declaring `color-scheme: light dark`
 * follows the visitor's `prefers-color-scheme`), or an element's `theme` attribute
 * (`light`, `dark`, `auto`), which `<billfront-portal theme>` passes to everything inside.
 */
export const TOKENS = `
  --_bf-text: var(--billfront-color, light-dark(#1b1f24, #e8eaed));
  --_bf-muted: var(--billfront-muted, light-dark(#545d69, #a9b1bc));
  --_bf-surface: var(--billfront-surface, light-dark(#ffffff, #1e2228));
  --_bf-subtle: var(--billfront-subtle, light-dark(#f4f6f8, #272c33));
  --_bf-border: var(--billfront-border, light-dark(#d3d8de, #3d444e));
  --_bf-accent: var(--billfront-accent, light-dark(#0b57d0, #8ab4f8));
  --_bf-on-accent: var(--billfront-on-accent, light-dark(#ffffff, #0b1d3a));
  --_bf-danger: var(--billfront-danger, light-dark(#b3261e, #f2b8b5));
  --_bf-on-danger: var(--billfront-on-danger, light-dark(#ffffff, #410e0b));
  --_bf-success: var(--billfront-success, light-dark(#0d5323, #8fdca6));
  --_bf-success-bg: var(--billfront-success-bg, light-dark(#dcf2e2, #173b24));
  --_bf-warning: var(--billfront-warning, light-dark(#7a4a00, #f5c97a));
  --_bf-warning-bg: var(--billfront-warning-bg, light-dark(#fdf0d5, #3d2e0f));
  --_bf-danger-bg: var(--billfront-danger-bg, light-dark(#fce4e1, #4a1c19));
  --_bf-info-bg: var(--billfront-info-bg, light-dark(#e8f0fd, #1c2b45));
  --_bf-radius: var(--billfront-radius, 0.5rem);
  --_bf-space: var(--billfront-spacing, 1rem);
  --_bf-shadow: var(--billfront-shadow, 0 1px 2px rgb(0 0 0 / 0.06));
`;

/** The `theme` attribute, on any element or on the portal (whose `color-scheme` its children inherit). */
const SCHEMES = (on: (theme: string) => string) =>
  on("light") + "{color-scheme:light}" + on("dark") + "{color-scheme:dark}" + on("auto") + "{color-scheme:light dark}";

/** Buttons, cards, badges, notices, forms, tables that stack, skeletons and states. */
const PARTS = `
  *, *::before, *::after { box-sizing: border-box; }
  [hidden] { display: none !important; }
  h2, h3, h4 { margin: 0; line-height: 1.3; }
  h2 { font-size: 1.125rem; }
  h3 { font-size: 1rem; }
  p { margin: 0; }
  .muted, .meta { color: var(--_bf-muted); font-size: 0.875rem; }
  .sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
  .stack { display: grid; gap: calc(var(--_bf-space) * 0.75); min-width: 0; }
  .row { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; min-width: 0; }
  .spread { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: 0.25rem 1rem; min-width: 0; }
  .amount { font-variant-numeric: tabular-nums; font-weight: 600; white-space: nowrap; }

  button, .button {
    font: inherit; font-size: 0.9375rem; font-weight: 600; line-height: 1.25;
    display: inline-flex; align-items: center; justify-content: center; gap: 0.375rem;
    min-height: 2.5rem; min-width: 2.5rem; padding: 0.5rem 1rem; margin: 0;
    border-radius: var(--_bf-radius); border: 1px solid var(--_bf-border);
    background: var(--_bf-surface); color: var(--_bf-text); cursor: pointer;
    text-decoration: none; text-align: center; max-width: 100%; overflow-wrap: anywhere;
  }
  button:hover:not(:disabled), .button:hover { border-color: var(--_bf-accent); }
  button.primary, .button.primary { background: var(--_bf-accent); border-color: var(--_bf-accent); color: var(--_bf-on-accent); }
  button.primary:hover:not(:disabled) { filter: brightness(1.08); }
  button.danger { background: var(--_bf-surface); border-color: var(--_bf-danger); color: var(--_bf-danger); }
  button.danger.solid { background: var(--_bf-danger); color: var(--_bf-on-danger); }
  button.link, button.text {
    min-height: 1.5rem; min-width: 1.5rem; padding: 0.125rem 0.25rem; margin: 0 -0.25rem;
    border: 0; background: none; color: var(--_bf-accent);
    text-decoration: underline; text-underline-offset: 0.2em;
  }
  button:disabled, button[aria-disabled="true"] { opacity: 0.55; cursor: not-allowed; }
  button[aria-busy="true"] { cursor: progress; }
  button[aria-busy="true"]::before {
    content: ""; width: 0.875em; height: 0.875em; border-radius: 50%;
    border: 2px solid currentColor; border-right-color: transparent; animation: bf-spin 0.8s linear infinite;
  }
  :focus-visible { outline: 2px solid var(--_bf-accent); outline-offset: 2px; }
  .actions { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; }

  .card {
    background: var(--_bf-surface); color: var(--_bf-text);
    border: 1px solid var(--_bf-border); border-radius: var(--_bf-radius);
    box-shadow: var(--_bf-shadow); padding: var(--_bf-space); min-width: 0;
  }
  .card > * + * { margin-top: 0.75rem; }
  .badge {
    display: inline-block; font-size: 0.75rem; font-weight: 600; line-height: 1.4;
    border-radius: 999px; padding: 0.125rem 0.5rem; white-space: nowrap;
    background: var(--_bf-subtle); color: var(--_bf-text);
  }
  .badge[data-tone="success"] { background: var(--_bf-success-bg); color: var(--_bf-success); }
  .badge[data-tone="danger"] { background: var(--_bf-danger-bg); color: var(--_bf-danger); }
  .badge[data-tone="warning"] { background: var(--_bf-warning-bg); color: var(--_bf-warning); }
  .badge[data-tone="info"] { background: var(--_bf-info-bg); color: var(--_bf-accent); }
  .notice { background: var(--_bf-info-bg); border-radius: var(--_bf-radius); padding: 0.625rem 0.875rem; }
  .notice.warning { background: var(--_bf-warning-bg); color: var(--_bf-warning); }
  .notice.success { background: var(--_bf-success-bg); color: var(--_bf-success); }
  [role="alert"]:not(:empty), .error { color: var(--_bf-danger); }

  label { display: grid; gap: 0.25rem; font-size: 0.875rem; min-width: 0; }
  input:not([type="radio"]):not([type="checkbox"]), select, textarea {
    font: inherit; font-size: 1rem; color: var(--_bf-text); background: var(--_bf-surface);
    border: 1px solid var(--_bf-muted); border-radius: calc(var(--_bf-radius) * 0.75);
    padding: 0.5rem 0.625rem; min-height: 2.5rem; width: 100%; min-width: 0; max-width: 100%;
  }
  input[type="radio"], input[type="checkbox"] { width: 1.5rem; height: 1.5rem; margin: 0; accent-color: var(--_bf-accent); flex: none; }
  .choice { display: flex; gap: 0.5rem; align-items: center; min-height: 2.5rem; font-size: 0.9375rem; }
  [aria-invalid="true"] { border-color: var(--_bf-danger) !important; }
  fieldset { border: 0; margin: 0; padding: 0; min-width: 0; display: grid; gap: 0.25rem; }
  legend { font-weight: 600; padding: 0; margin-bottom: 0.25rem; }

  dialog {
    color: var(--_bf-text); background: var(--_bf-surface); border: 1px solid var(--_bf-border);
    border-radius: var(--_bf-radius); padding: calc(var(--_bf-space) * 1.25);
    width: min(32rem, calc(100vw - 1.5rem)); max-width: calc(100vw - 1.5rem); max-height: calc(100dvh - 2rem);
    box-shadow: 0 10px 40px rgb(0 0 0 / 0.25);
  }
  dialog::backdrop { background: rgb(15 20 25 / 0.45); }
  dialog form { display: grid; gap: 0.875rem; }

  /* Tables become one card per row on narrow containers: each cell shows its column's name (data-label). */
  .table { width: 100%; border-collapse: collapse; font-size: 0.9375rem; }
  .table th { text-align: start; font-size: 0.8125rem; font-weight: 600; color: var(--_bf-muted); }
  .table th, .table td { padding: 0.5rem 0.5rem; border-bottom: 1px solid var(--_bf-border); vertical-align: top; overflow-wrap: anywhere; }
  .table .num { text-align: end; font-variant-numeric: tabular-nums; white-space: nowrap; }
  @container billfront (max-width: 34rem) {
    .table thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
    .table, .table tbody, .table tfoot, .table tr, .table td, .table th[scope="row"] { display: block; width: 100%; }
    .table tr { padding: 0.5rem 0; border-bottom: 1px solid var(--_bf-border); }
    .table td, .table th[scope="row"] { border: 0; padding: 0.125rem 0; display: flex; justify-content: space-between; gap: 1rem; text-align: end; }
    .table td::before, .table th[scope="row"]::before { content: attr(data-label); color: var(--_bf-muted); font-weight: 400; text-align: start; }
    .table td.num { white-space: normal; }
  }

  .skeleton { display: grid; gap: 0.625rem; }
  .skeleton .bone {
    height: 4.5rem; border-radius: var(--_bf-radius);
    background: linear-gradient(90deg, var(--_bf-subtle) 25%, var(--_bf-border) 50%, var(--_bf-subtle) 75%);
    background-size: 200% 100%; animation: bf-shimmer 1.4s ease-in-out infinite;
  }
  .skeleton .bone.line { height: 1rem; width: 60%; }
  .state { border: 1px dashed var(--_bf-border); border-radius: var(--_bf-radius); padding: calc(var(--_bf-space) * 1.25); text-align: center; color: var(--_bf-muted); display: grid; gap: 0.75rem; justify-items: center; }
  .state.error { border-style: solid; border-color: var(--_bf-danger); color: var(--_bf-danger); background: var(--_bf-danger-bg); }
  .brand { display: inline-block; width: 2.5rem; height: 1.625rem; flex: none; border-radius: 0.25rem; vertical-align: middle; }
  @keyframes bf-shimmer { to { background-position: -200% 0; } }
  @keyframes bf-spin { to { transform: rotate(1turn); } }
  @media (prefers-reduced-motion: reduce) { .skeleton .bone, button[aria-busy="true"]::before { animation: none; } }
`;

/**
 * The whole sheet for one scope. `:host` inside an element's shadow root, `:root`
 * in a BFF document. The host is a size container (`billfront`) so tables stack by
 * the width the element has, not the window's.
 */
const HOST = `
    display: block; color: var(--_bf-text); font-family: var(--billfront-font);
    line-height: 1.5; min-width: 0; overflow-wrap: anywhere;
`;
// The size container tables stack by: the element's host, or a document's body (a contained root would not paint the canvas).
const ELEMENT = `:host { container: billfront / inline-size; } :host([hidden]) { display: none; }`;
const DOCUMENT = `:root { background: var(--_bf-subtle); } body { container: billfront / inline-size; margin: 0; font-family: var(--billfront-font, system-ui, -apple-system, "Segoe UI", sans-serif); }`;

export function designCss(scope: ":host" | ":root"): string {
  const element = scope === ":host";
  const theme = element ? (t: string) => ':host([theme="' + t + '"])' : (t: string) => ':root[data-theme="' + t + '"]';
  return scope + "{" + TOKENS + HOST + "}" + (element ? ELEMENT : DOCUMENT) + SCHEMES(theme) + PARTS;
}
