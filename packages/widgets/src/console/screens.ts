import type { Catalogue } from "./console-i18n.ts";

/** A console screen: its tag, whether only admins see it (M1), whether it is in the navigation, and its chunk. */
export interface ScreenDef {
  id: string;
  tag: string;
  admin?: boolean;
  /** Shown in the navigation (detail screens such as one customer are reached from a list). */
  nav?: boolean;
  /** The navigation entry a detail screen belongs to. */
  parent?: string;
  load: () => Promise<unknown>;
}

/**
 * Every screen of the console, each its own chunk loaded when first shown.
 * Screens reached by a link from another one (`customer`, `order`, `ticket`)
 * are not in the navigation.
 */
export const SCREENS: ScreenDef[] = [
  { id: "customers", tag: "bf-console-customers", nav: true, load: () => import("./screens/customers.ts") },
  { id: "customer", tag: "bf-console-customer", parent: "customers", load: () => import("./screens/customer.ts") },
  { id: "order", tag: "bf-console-order", parent: "customers", load: () => import("./screens/order.ts") },
  { id: "review-queue", tag: "bf-console-review-queue", nav: true, load: () => import("./screens/review-queue.ts") },
  { id: "helpdesk", tag: "bf-console-helpdesk", nav: true, load: () => import("./screens/helpdesk.ts") },
  { id: "ticket", tag: "bf-console-ticket", parent: "helpdesk", load: () => import("./screens/ticket.ts") },
  { id: "settings", tag: "bf-console-settings", nav: true, admin: true, load: () => import("./screens/settings.ts") },
];

/** The navigation's labels, by screen id. */
export const SCREEN_LABELS: Catalogue<Record<string, string>> = {
  en: { customers: "Customers", "review-queue": "Review queue", helpdesk: "Helpdesk", settings: "Settings" },
  de: { customers: "Kunden", "review-queue": "Prüfliste", helpdesk: "Helpdesk", settings: "Einstellungen" },
  fr: { customers: "Clients", "review-queue": "File de validation", helpdesk: "Assistance", settings: "Paramètres" },
  es: { customers: "Clientes", "review-queue": "Cola de revisión", helpdesk: "Soporte", settings: "Ajustes" },
};
