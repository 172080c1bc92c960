import { expect, fixture as render, html, waitUntil } from "@open-wc/testing";
import "../src/index.ts";
import { registerTranslations } from "../src/index.ts";
import type { MyOrders } from "../src/my-orders/my-orders.ts";
import { fixture } from "./fixtures.ts";

const ORDER = { description: "Single-origin beans", unitAmount: 2400, currency: "EUR", placedAt: "2026-05-03T10:00:00Z" };
const text = (el: Element | null | undefined) => (el?.shadowRoot?.textContent ?? "").replace(/\s+/g, " ");
const buttons = (el: Element) => [...el.shadowRoot!.querySelectorAll("button")].map((b) => b.textContent!.replace(/\s+/g, " ").trim());
/** Waits for `check`; the message is written when it fails, with what was shown then. */
const until = async (check: () => unknown, message: string | (() => string)) => {
  try {
    await waitUntil(check, "", { timeout: 8000 });
  } catch {
    throw new Error(typeof message === "string" ? message : message());
  }
};

/** Each element in one language: what it must say (texts and dates), proving that language's chunks load. */
const LANGUAGES = {
  fr: {
    locale: "fr-FR",
    orders: ["Commande", "Payé", "Achat unique", "24,00 €", "3 mai 2026", "Passée le"],
    details: ["Historique de facturation", "Articles", "Prix unitaire", "Télécharger le récapitulatif de commande (PDF)", "3 mai 2026", "Paiement", "Accepté"],
    cards: ["Visa se terminant par 4242", "Expire en 12/2031", "Crédit du compte"],
    cardButtons: ["Ajouter une carte", "Supprimer"],
    tickets: ["Vous n’avez aucun ticket d’assistance."],
    ticketButtons: ["Nouveau ticket"],
    account: ["Informations du compte", "Adresse e-mail"],
    accountButtons: ["Modifier les informations"],
  },
  es: {
    locale: "es-MX",
    orders: ["Pedido", "Pagado", "Compra única", "3 may 2026", "Realizado el"],
    details: ["Historial de facturación", "Artículos", "Precio unitario", "Descargar el resumen del pedido (PDF)", "3 may 2026", "Pago", "Aprobado"],
    cards: ["Visa terminada en 4242", "Caduca: 12/2031", "Saldo a favor"],
    cardButtons: ["Añadir una tarjeta", "Eliminar"],
    tickets: ["No tiene tickets de soporte."],
    ticketButtons: ["Nuevo ticket"],
    account: ["Datos de la cuenta", "Correo electrónico"],
    accountButtons: ["Editar los datos"],
  },
};

async function openFirstOrder(el: MyOrders): Promise<Element> {
  await until(() => el.shadowRoot!.querySelector('[part="open"]'), "orders not rendered");
  el.shadowRoot!.querySelector<HTMLButtonElement>('[part="open"]')!.click();
  await until(() => el.shadowRoot!.querySelector("billfront-order-details")?.shadowRoot?.querySelector('[part="history"]'), "details not loaded");
  return el.shadowRoot!.querySelector("billfront-order-details")!;
}

describe("languages (W3)", () => {
  for (const [language, expected] of Object.entries(LANGUAGES)) {
    describe(`in ${language} (${expected.locale})`, () => {
      it("<my-orders> lists and opens an order: texts, amounts and dates of the language", async () => {
        const f = await fixture({ orders: [ORDER] });
        const el = await render<MyOrders>(html`<my-orders api=${f.api} session=${f.session} locale=${expected.locale}></my-orders>`);
        await until(() => expected.orders.every((t) => text(el).includes(t)), () => `<my-orders> not in ${language}: ${text(el)}`);
        expect(text(el)).not.to.contain("Paid");
        const details = await openFirstOrder(el);
        await until(() => expected.details.every((t) => text(details).includes(t)), () => `order details not in ${language}: ${text(details)}`);
        expect(text(details)).not.to.match(/Billing history|Download/);
      });

      it("<payment-methods> shows the cards and buttons in the language", async () => {
        const f = await fixture({ cards: ["4242424242424242"] });
        const el = await render(html`<payment-methods api=${f.api} session=${f.session} locale=${expected.locale}></payment-methods>`);
        await until(() => expected.cards.every((t) => text(el).includes(t)), () => `<payment-methods> not in ${language}: ${text(el)}`);
        for (const label of expected.cardButtons) expect(buttons(el)).to.include(label);
      });

      it("<helpdesk-tickets> shows its empty state and button in the language", async () => {
        const f = await fixture({ departments: [{ name: "General" }] });
        const el = await render(html`<helpdesk-tickets api=${f.api} session=${f.session} locale=${expected.locale}></helpdesk-tickets>`);
        await until(() => expected.tickets.every((t) => text(el).includes(t)), () => `<helpdesk-tickets> not in ${language}: ${text(el)}`);
        for (const label of expected.ticketButtons) expect(buttons(el)).to.include(label);
      });

      it("<account-details> shows its heading, labels and button in the language", async () => {
        const f = await fixture();
        const el = await render(html`<account-details api=${f.api} session=${f.session} locale=${expected.locale}></account-details>`);
        await until(() => expected.account.every((t) => text(el).includes(t)), () => `<account-details> not in ${language}: ${text(el)}`);
        for (const label of expected.accountButtons) expect(buttons(el)).to.include(label);
      });

      it("<billfront-portal> labels the shop's banner in the language", async () => {
        const f = await fixture({ settings: { bannerMessage: "Bonjour / Hola" } });
        const portal = await render(html`<billfront-portal api=${f.api} session=${f.session} locale=${expected.locale}><my-orders></my-orders></billfront-portal>`);
        const label = language === "fr" ? "Message de la boutique" : "Mensaje de la tienda";
        await until(() => portal.shadowRoot!.querySelector(`[aria-label="${label}"]`) || text(portal).includes(label), () => `banner not labelled in ${language}: ${portal.shadowRoot!.innerHTML}`);
      });
    });
  }

  it("shows a locale Billfront does not speak wholly in English: English texts with English dates and amounts", async () => {
    const f = await fixture({ orders: [ORDER] });
    for (const locale of ["pt-BR", "xx"]) {
      const el = await render<MyOrders>(html`<my-orders api=${f.api} session=${f.session} locale=${locale}></my-orders>`);
      await until(() => text(el).includes("Paid"), `no orders for ${locale}`);
      expect(text(el)).to.contain("€24.00").and.contain("May 3, 2026").and.contain("One-time purchase");
      expect(text(el)).not.to.match(/24,00|mai|maio/);
      el.remove();
    }
  });

  it("keeps the region of a spoken language for formats: de-AT reads German with Austrian amounts", async () => {
    const f = await fixture({ orders: [ORDER] });
    const el = await render<MyOrders>(html`<my-orders api=${f.api} session=${f.session} locale="de-AT"></my-orders>`);
    await until(() => text(el).includes("Bestellt am"), "not German");
    expect(text(el)).to.match(/€\s24,00/).and.contain("03.05.2026");
  });

  it("shows dates on the shop's calendar: 23:30 UTC is the next day for a shop in Berlin", async () => {
    const late = { ...ORDER, placedAt: "2026-05-03T23:30:00Z" };
    const berlin = await fixture({ orders: [late], timeZone: "Europe/Berlin" });
    const el = await render<MyOrders>(html`<my-orders api=${berlin.api} session=${berlin.session} locale="en-GB"></my-orders>`);
    await until(() => text(el).includes("4 May 2026"), () => `not on Berlin's calendar: ${text(el)}`);
    const details = await openFirstOrder(el);
    await until(() => text(details).includes("4 May 2026"), () => `details not on Berlin's calendar: ${text(details)}`);
    el.remove();

    const utc = await fixture({ orders: [late] });
    const other = await render<MyOrders>(html`<my-orders api=${utc.api} session=${utc.session} locale="en-GB"></my-orders>`);
    await until(() => text(other).includes("3 May 2026"), () => `not on UTC's calendar: ${text(other)}`);
  });

  describe("registerTranslations()", () => {
    it("overrides some texts of a region; elements already shown re-render, the language itself is untouched", async () => {
      const f = await fixture();
      const swiss = await render<MyOrders>(html`<my-orders api=${f.api} session=${f.session} locale="fr-CH"></my-orders>`);
      const france = await render<MyOrders>(html`<my-orders api=${f.api} session=${f.session} locale="fr-FR"></my-orders>`);
      await until(() => [swiss, france].every((el) => text(el).includes("Vous n’avez encore passé aucune commande.")), "not French");
      registerTranslations("fr-CH", { empty: "Pas encore de commande chez nous." });
      await until(() => text(swiss).includes("Pas encore de commande chez nous."), "the shown element did not re-render");
      expect(text(france)).to.contain("Vous n’avez encore passé aucune commande.");
    });

    it("adds a language: given keys in it, English for the rest, formats of that language", async () => {
      registerTranslations("pt", { listLabel: "Os seus pedidos", status: { paid: "Pago" }, type: { one_time: "Compra única" } });
      const f = await fixture({ orders: [ORDER] });
      const el = await render<MyOrders>(html`<my-orders api=${f.api} session=${f.session} locale="pt-BR"></my-orders>`);
      await until(() => text(el).includes("Pago"), () => `Portuguese not used: ${text(el)}`);
      expect(text(el)).to.contain("Compra única");
      expect(text(el)).to.contain("Order"); // not given: English
      expect(text(el)).to.contain("24,00"); // Brazilian amounts now that Portuguese is spoken
      expect(el.shadowRoot!.querySelector('[aria-label="Os seus pedidos"]')).to.exist;
    });

    it("overrides a built-in language deeply, functions included, and <account-details> texts under `account`", async () => {
      registerTranslations("es", { order: (n) => `Compra ${n}`, account: { heading: "Mis datos" } });
      const f = await fixture({ orders: [ORDER] });
      const el = await render<MyOrders>(html`<my-orders api=${f.api} session=${f.session} locale="es-ES"></my-orders>`);
      await until(() => /Compra \d/.test(text(el)), () => `override not applied: ${text(el)}`);
      expect(text(el)).to.contain("Pagado"); // the rest stays Spanish
      const account = await render(html`<account-details api=${f.api} session=${f.session} locale="es"></account-details>`);
      await until(() => text(account).includes("Mis datos"), () => `account override not applied: ${text(account)}`);
      expect(text(account)).to.contain("Correo electrónico");
    });

    it("refuses what is not a language tag", () => {
      expect(() => registerTranslations("not a tag!", { empty: "x" })).to.throw(RangeError);
    });
  });
});
