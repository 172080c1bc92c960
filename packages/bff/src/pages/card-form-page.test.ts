import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp } from "../testing.ts";
import { cardFormCopy } from "./card-form-copy.ts";
import { lookCss, parseLook } from "./card-form-look.ts";

const SHOP = "https://shop.example";

describe("the card form document (R1, W2, W3, issue 13)", async () => {
  const t = await createTestApp();
  afterAll(() => t.close());
  let merchantId: string;
  beforeAll(async () => {
    merchantId = (await t.createMerchant([SHOP])).merchantId;
  });
  const form = async (params: Record<string, string> = {}) => {
    const query = new URLSearchParams({ merchant: merchantId, origin: SHOP, ...params });
    const res = await t.app.request(`/card-form?${query}`);
    expect(res.status).toBe(200);
    return { html: await res.text(), csp: res.headers.get("Content-Security-Policy") ?? "" };
  };
  const submitLabel = (html: string) => /<button type="submit"[^>]*>([^<]*)<\/button>/.exec(html)?.[1];

  it("says what the card is for on its button: Save card, Pay now, Authorise now (was: Save card while paying)", async () => {
    expect(submitLabel((await form()).html)).toBe("Save card");
    expect(submitLabel((await form({ context: "payment" })).html)).toBe("Pay now");
    expect(submitLabel((await form({ context: "authorize" })).html)).toBe("Authorise now");
    expect(submitLabel((await form({ context: "payment", locale: "de" })).html)).toBe("Jetzt bezahlen");
  });

  it("gives every element its own id, with every input's label associated (was: id=save twice)", async () => {
    for (const context of ["save", "payment"]) {
      const { html } = await form({ context });
      const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
      expect(new Set(ids).size, `duplicate ids in ${context}: ${ids.join(",")}`).toBe(ids.length);
      for (const field of ["number", "expiry", "cvc"]) {
        expect(html).toContain(`<label for="${field}">`);
        expect(html).toMatch(new RegExp(`id="${field}"[^>]*aria-describedby="${field}-error"`));
        expect(html).toContain(`id="${field}-error"`);
      }
      // The checkbox is wrapped by its label.
      expect(html).toMatch(/<label class="choice"><input type="checkbox" id="(keep-card|make-default)"/);
    }
  });

  it("disables its button while the card is being sent and ignores a second submit (was: could be sent twice)", async () => {
    const { html } = await form({ context: "payment" });
    expect(html).toContain("if (sending) return;");
    expect(html).toContain('submit.setAttribute("aria-busy", "true")');
    expect(html).toContain("submit.disabled = on;");
  });

  it("turns the server's field codes into readable messages next to the field, never 'Invalid json.exp_year.'", async () => {
    const { html } = await form({ locale: "fr" });
    expect(html).toContain('"json.exp_year": "expiry"');
    expect(html).toContain(JSON.stringify(cardFormCopy("fr").fields.expiry));
    expect(html).not.toContain("result.detail");
  });

  it("speaks English, German, French and Spanish; any other language is wholly English", async () => {
    const labels = async (locale: string) => {
      const { html } = await form({ locale });
      return { lang: /<html lang="(\w+)"/.exec(html)?.[1], number: /<label for="number">([^<]*)</.exec(html)?.[1] };
    };
    expect(await labels("fr-CA")).toEqual({ lang: "fr", number: "Numéro de carte" });
    expect(await labels("es")).toEqual({ lang: "es", number: "Número de tarjeta" });
    expect(await labels("de")).toEqual({ lang: "de", number: "Kartennummer" });
    expect(await labels("pt-BR")).toEqual({ lang: "en", number: "Card number" });
    for (const locale of ["en", "de", "fr", "es"]) {
      const copy = cardFormCopy(locale);
      expect(Object.keys(copy).sort()).toEqual(Object.keys(cardFormCopy("en")).sort());
      if (locale !== "en") expect(copy.submit.payment).not.toBe(cardFormCopy("en").submit.payment);
    }
  });

  it("takes the embedding page's look from its URL as --billfront-* tokens, and its dark scheme", async () => {
    const { html, csp } = await form({ accent: "rgb(200, 30, 90)", radius: "14px", font: '"Fira Sans", Georgia, serif', surface: "#101418", scheme: "dark" });
    expect(html).toContain(':root{--billfront-accent:rgb(200, 30, 90);--billfront-surface:#101418;--billfront-radius:14px;--billfront-font:"Fira Sans", Georgia, serif;}');
    expect(html).toMatch(/<html lang="en" data-theme="dark">/);
    // The sheet is nonce'd like the script: no other style gets in.
    expect(csp).toMatch(/style-src 'nonce-[0-9a-f]+'/);
  });

  it("drops every look value that is not a plain colour, length or font list (no CSS injection)", () => {
    const hostile = {
      accent: "red;}body{display:none",
      color: "url(https://evil.example/x)",
      surface: "rgb(1,2,3));background:url(x)",
      border: "var(--x)",
      muted: "expression(alert(1))",
      radius: "1px;}*{x:y",
      font: '"Arial;}</style><script>alert(1)</script>',
      scheme: "dark;",
    };
    expect(parseLook(hostile)).toEqual({ tokens: {}, scheme: undefined });
    expect(lookCss(parseLook(hostile))).toBe("");
    expect(parseLook({ font: "'Unclosed, serif" }).tokens).toEqual({});
    expect(parseLook({ accent: "oklch(0.6 0.2 250 / 50%)", on_accent: "#FFF", radius: "0" }).tokens).toEqual({
      "--billfront-accent": "oklch(0.6 0.2 250 / 50%)",
      "--billfront-on-accent": "#FFF",
      "--billfront-radius": "0",
    });
  });

  it("still serves the form when a look value is refused, without it", async () => {
    const { html } = await form({ accent: "red;}body{display:none", radius: "6px" });
    expect(html).toContain(":root{--billfront-radius:6px;}");
    expect(html).not.toContain("display:none");
  });
});
