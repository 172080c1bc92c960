import { executeServerCommand } from "@web/test-runner-commands";
import { setViewport } from "@web/test-runner-commands";
import { screenshot } from "./fixtures.ts";

/**
 * Runs `script` (a function's source, called with `args`) inside the card form
 * frame, which is cross-origin to the test page: the browser driver reaches it
 * (see `billfront-frame` in web-test-runner.config.mjs). Waits until `selector` shows there.
 */
export async function inCardForm<T>(script: string, args: unknown[] = [], selector = "#submit"): Promise<T> {
  const answer = (await executeServerCommand("billfront-frame", { urlPart: "/card-form", selector, script, args })) as { value: T };
  return answer.value;
}

/** Computed style `properties` of `selector` inside the card form frame. */
export function cardFormStyle(selector: string, properties: string[]): Promise<Record<string, string>> {
  return executeServerCommand("billfront-frame-style", { urlPart: "/card-form", selector, properties }) as Promise<Record<string, string>>;
}

/** Types a card into the form (as values: the form reads them on submit). */
export function fillCard(number: string, expiry: string, cvc: string): Promise<unknown> {
  return inCardForm(
    `(values) => { for (const [id, value] of Object.entries(values)) { const input = document.getElementById(id); input.value = value; input.dispatchEvent(new Event("input", { bubbles: true })); } }`,
    [{ number, expiry, cvc }],
  );
}

/** Submits the card form the way a click does. */
export function submitCard(): Promise<unknown> {
  return inCardForm(`() => { document.getElementById("submit").click(); }`);
}

/** The form's layout inside its frame: does anything scroll sideways or stick out, and is its content taller than the frame? */
export function cardFormFits(): Promise<{ sideways: boolean; clipped: boolean; contentHeight: number; viewport: number }> {
  return inCardForm(`() => {
    const width = document.documentElement.clientWidth;
    const sideways = document.documentElement.scrollWidth > width || [...document.querySelectorAll("input, button, label, p")].some((e) => e.getBoundingClientRect().right > width + 1);
    const contentHeight = Math.ceil(document.body.getBoundingClientRect().height);
    return { sideways, clipped: document.documentElement.scrollHeight > window.innerHeight + 1, contentHeight, viewport: window.innerHeight };
  }`);
}

/**
 * Pictures for a person to look at (only when BILLFRONT_SCREENSHOTS is set): `name`-1280 and -360,
 * light, and dark when `dark` switches the element's theme (the page behind goes dark too).
 */
export async function shoot(name: string, el: HTMLElement, settle: () => Promise<unknown> = async () => undefined): Promise<void> {
  const wanted = await screenshot("__probe");
  if (!wanted) return;
  const before = el.getAttribute("theme");
  try {
    for (const theme of ["light", "dark"]) {
      el.setAttribute("theme", theme);
      document.body.style.background = theme === "dark" ? "#121417" : "";
      document.documentElement.style.colorScheme = theme;
      for (const width of [1280, 360]) {
        await setViewport({ width, height: 900 });
        await settle();
        await new Promise((r) => setTimeout(r, 300));
        await screenshot(`${name}-${theme}-${width}`);
      }
    }
  } finally {
    if (before === null) el.removeAttribute("theme");
    else el.setAttribute("theme", before);
    document.body.style.background = "";
    document.documentElement.style.colorScheme = "";
    await setViewport({ width: 800, height: 600 });
  }
}
