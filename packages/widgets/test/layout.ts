import { expect } from "@open-wc/testing";
import { setViewport } from "@web/test-runner-commands";

/** The widths every screen must work at (W4, issue 13): desktop, a common phone, the narrowest phone. */
export const WIDTHS = [1280, 360, 320] as const;

/** Every element in `root`'s composed tree: light DOM, shadow roots and slotted content, iframes excluded. */
function* composed(root: Element | ShadowRoot): Generator<Element> {
  for (const el of root.querySelectorAll("*")) {
    yield el;
    if (el.shadowRoot) yield* composed(el.shadowRoot);
  }
}

/**
 * No horizontal scroll anywhere: the page is no wider than the window, and no
 * element inside `host` (through every shadow root) scrolls sideways or sticks
 * out past the window's right edge.
 */
export function expectNoHorizontalScroll(host: Element, state = ""): void {
  const width = document.documentElement.clientWidth;
  const where = state ? ` (${state})` : "";
  expect(document.documentElement.scrollWidth, `page scrolls sideways at ${width}px${where}`).to.be.at.most(width);
  for (const el of [host, ...composed(host.shadowRoot ?? host)]) {
    const style = getComputedStyle(el);
    if (style.display === "none" || style.visibility === "hidden") continue;
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 && rect.height === 0) continue;
    // sr-only text is clipped to 1px on purpose.
    if (style.position === "absolute" && rect.width <= 1) continue;
    const label = `${el.localName}${el.id ? "#" + el.id : ""}${el.getAttribute("part") ? `[part=${el.getAttribute("part")}]` : ""}${el.className && typeof el.className === "string" ? "." + el.className.split(" ").join(".") : ""}`;
    expect(rect.right, `${label} sticks out to ${Math.round(rect.right)}px at ${width}px${where}`).to.be.at.most(width + 1);
    if (["auto", "scroll"].includes(style.overflowX)) {
      expect(el.scrollWidth, `${label} scrolls sideways at ${width}px${where}`).to.be.at.most(el.clientWidth + 1);
    }
  }
}

/**
 * Runs `check` at each width in turn (the viewport is restored to 800×600 after):
 * every width gets the no-horizontal-scroll check and axe, plus whatever `check` adds.
 */
export async function atEveryWidth(host: Element, state: string, check?: (width: number) => Promise<void> | void): Promise<void> {
  try {
    for (const width of WIDTHS) {
      await setViewport({ width, height: 800 });
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      expectNoHorizontalScroll(host, state);
      await expect(host).to.be.accessible();
      await check?.(width);
    }
  } finally {
    await setViewport({ width: 800, height: 600 });
  }
}
