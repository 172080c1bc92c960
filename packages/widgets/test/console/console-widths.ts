import { expect } from "@open-wc/testing";
import { setViewport } from "@web/test-runner-commands";
import { expectNoHorizontalScroll } from "../layout.ts";

/** The console's widths (issue 14): desktop and a tablet; each gets the no-sideways-scroll check and axe. */
export async function atConsoleWidths(host: Element, state: string): Promise<void> {
  try {
    for (const width of [1280, 768]) {
      await setViewport({ width, height: 900 });
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      expectNoHorizontalScroll(host, state);
      await expect(host).to.be.accessible();
    }
  } finally {
    await setViewport({ width: 800, height: 600 });
  }
}

/** A call on the portal API as the fixture's customer (what their widgets send). */
export async function portalCall<T = any>(api: string, session: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(new URL(`/v1/portal${path}`, api), {
    method,
    headers: { Authorization: `Bearer ${session}`, "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID() },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** A call on the merchant API with a staff token, straight from the page as the console would make it. */
export async function staffCall<T = any>(api: string, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(new URL(path, api), {
    method,
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", "Idempotency-Key": crypto.randomUUID() },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** The element focus is on, through shadow roots. */
export function deepActive(): Element | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

