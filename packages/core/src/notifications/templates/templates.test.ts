import { describe, expect, it } from "vitest";
import { MESSAGE_TEMPLATES, type MessageTemplate } from "../../db/schema/outbox.ts";
import { CATALOGUES, catalogueFor, renderMessage, type TemplateVars } from "./index.ts";
import { readableOn } from "./layout.ts";

const eur = (amount: number) => ({ amount, currency: "EUR" });
const link = "https://billing.example/links/tok_123?flow=orders&x=1";
/** One set of values for every template; the type makes it complete. */
const SAMPLES: { [T in MessageTemplate]: TemplateVars[T] } = {
  welcome: {},
  portal_invite: { link },
  resend_link: { link },
  sign_in_code: { code: "482913", link },
  refund_confirmation: { amount: eur(800), order: "10042", credit_note: "CN-0007" },
  void_confirmation: { amount: eur(1250), order: "10043" },
  refund_dropped: { refund: "txn_9", amount: eur(4200), customer: "ada@example.com", order: "10044" },
  card_expiring: { brand: "Visa", last4: "4242", expiry: "07/2026", link },
  card_expired: { brand: "Mastercard", last4: "4444", expiry: "05/2026", link },
  support_fee: { amount: eur(2500), ticket: "Grinder noise", balance: eur(-500) },
  renewal_declined: { plan: "Espresso club", invoice: "INV-0031", amount: eur(1900), retry_on: new Date("2026-07-03T00:00:00Z"), link },
  renewal_invoice: { plan: "Espresso club", invoice: "INV-0032", amount: eur(1900), link },
  renewal_unpaid: { plan: "Espresso club", invoice: "INV-0033", amount: eur(1900), link },
  pay_order: { order: "10045", amount: eur(9900), link },
  subscription_cancelled: { plan: "Espresso club", reason: "payment_failed" },
  cancellation_scheduled: { plan: "Espresso club", ends_on: new Date("2026-08-01T00:00:00Z") },
  subscription_paused: { plan: "Espresso club", paused_on: new Date("2026-07-01T00:00:00Z"), resumes_on: new Date("2026-09-01T00:00:00Z") },
  document_forward: { kind: "credit_note", document: "CN-0007", sender: "Ada Lovelace" },
  staff_sign_in_code: { code: "739201", minutes: 15 },
  email_change_code: { code: "482913", minutes: 15 },
  email_change_requested: { new_email: "a***@example.com" },
  merchant_activity: { kind: "ticket", customer: "Ada Lovelace", subject: "Where is my invoice?" },
};
const brand = { name: "Northwind Coffee", logoUrl: "https://cdn.example/logo.png", brandColor: "#7a3e12" };
// Values a template shows as they are (others — an enum, a date — are put into words).
const SHOWN_AS_IS = new Set(["code", "order", "credit_note", "refund", "customer", "brand", "last4", "expiry", "ticket", "plan", "invoice", "document", "sender"]);

describe("message templates", () => {
  for (const catalogue of CATALOGUES) {
    for (const template of MESSAGE_TEMPLATES) {
      it(`renders ${template} in ${catalogue.language} with every variable filled in`, () => {
        const out = renderMessage(template, SAMPLES[template], { locale: catalogue.language, brand, name: "Ada" });
        const all = [out.subject, out.text, out.html, out.sms ?? ""].join("\n");
        expect(all).not.toMatch(/undefined|null|NaN|\[object|\{\{|\$\{/);
        for (const [key, value] of Object.entries(SAMPLES[template])) {
          if (SHOWN_AS_IS.has(key)) expect(`${out.subject}\n${out.text}`, key).toContain(String(value));
          if (key === "link") {
            expect(out.text).toContain(link);
            expect(out.html).toContain(`href="${link.replace("&", "&amp;")}"`);
          }
        }
        expect(out.text).toContain(catalogue.greeting("Ada"));
        expect(out.html).toContain(`<html lang="${catalogue.language}">`);
        expect(out.html).toContain(`alt="Northwind Coffee"`);
        expect(out.html).toContain("#7a3e12");
        if (catalogue.language !== "en") expect(out.text).not.toBe(renderMessage(template, SAMPLES[template], { locale: "en", brand, name: "Ada" }).text);
      });
    }
  }

  it("writes money and dates the way the recipient's locale does", () => {
    const de = renderMessage("renewal_declined", SAMPLES.renewal_declined, { locale: "de-DE", brand, name: "" });
    expect(de.subject).toBe("Wir konnten 19,00\u00a0€ für Ihr Abonnement Espresso club nicht einziehen");
    expect(de.text).toContain("am 3. Juli 2026");
    expect(de.text).toContain("Guten Tag,");
    const gb = renderMessage("renewal_declined", SAMPLES.renewal_declined, { locale: "en-GB", brand, name: "Ada" });
    expect(gb.text).toContain("on 3 July 2026");
    expect(gb.locale).toBe("en-GB");
  });

  it("falls back to English for a language without a catalogue, and to Billfront's colour for a bad one", () => {
    const out = renderMessage("welcome", {}, { locale: "pt-BR", brand: { name: "Shop", logoUrl: "javascript:alert(1)", brandColor: "red" }, name: "" });
    expect(out.subject).toBe("Welcome to Shop");
    expect(out.html).not.toContain("javascript:");
    expect(out.html).toContain("#1f5fbf");
    expect(catalogueFor("DE_at").language).toBe("de");
  });

  it("writes French and Spanish with their own money and dates (fr-CA, es-MX)", () => {
    const fr = renderMessage("renewal_declined", SAMPLES.renewal_declined, { locale: "fr-CA", brand, name: "Ada" });
    expect(fr.subject).toBe("Nous n’avons pas pu encaisser 19,00\u00a0€ pour votre abonnement Espresso club");
    expect(fr.text).toContain("le 3 juillet 2026");
    expect(fr.text).toContain("Bonjour Ada,");
    expect(fr.locale).toBe("fr-CA");
    const es = renderMessage("renewal_declined", SAMPLES.renewal_declined, { locale: "es-MX", brand, name: "Ada" });
    expect(es.text).toContain("el 3 de julio de 2026");
    expect(es.text).toContain("Hola, Ada:");
    expect(es.html).toContain('<html lang="es">');
  });

  it("writes a language without a catalogue wholly in English: English words, English dates and amounts (W3)", () => {
    const out = renderMessage("renewal_declined", SAMPLES.renewal_declined, { locale: "pt-BR", brand, name: "" });
    expect(out.locale).toBe("en");
    expect(out.subject).toBe("We could not collect €19.00 for your Espresso club subscription");
    expect(out.text).toContain("on July 3, 2026");
    expect(renderMessage("welcome", {}, { locale: "not a locale!", brand, name: "" }).locale).toBe("en");
  });

  it("writes dates on the merchant's calendar: 23:30 UTC is the next day in Berlin", () => {
    const vars = { ...SAMPLES.cancellation_scheduled, ends_on: new Date("2026-07-31T23:30:00Z") };
    expect(renderMessage("cancellation_scheduled", vars, { locale: "de", brand, name: "", timeZone: "Europe/Berlin" }).subject).toContain("am 1. August 2026");
    expect(renderMessage("cancellation_scheduled", vars, { locale: "de", brand, name: "", timeZone: "America/New_York" }).subject).toContain("am 31. Juli 2026");
    expect(renderMessage("cancellation_scheduled", vars, { locale: "de", brand, name: "" }).subject).toContain("am 31. Juli 2026");
  });

  it("escapes what customers typed into the HTML part", () => {
    const out = renderMessage("support_fee", { ...SAMPLES.support_fee, ticket: `<img src=x onerror="alert(1)">` }, { locale: "en", brand, name: "<b>Ada</b>" });
    expect(out.html).not.toContain("<img src=x");
    expect(out.html).toContain("&lt;b&gt;Ada&lt;/b&gt;");
  });

  it("refuses to render a template whose variables are missing", () => {
    expect(() => renderMessage("pay_order", { order: "1" } as never, { locale: "en", brand, name: "" })).toThrow(/variable (amount|link) is missing/);
    expect(() => renderMessage("pay_order", { order: "1", amount: eur(1), link: undefined } as never, { locale: "de", brand, name: "" })).toThrow(/link is undefined/);
  });

  it("picks button text that stays readable on the merchant's colour", () => {
    expect(readableOn("#1f5fbf")).toBe("#ffffff");
    expect(readableOn("#ffd700")).toBe("#111111");
  });
});
