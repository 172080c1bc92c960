// Browser-safe entry: nothing here may import node: modules or the database.
export * from "./money.ts";
export * from "./currencies.ts";
export * from "./errors.ts";
export * from "./storable.ts";
export * from "./clock.ts";
export * from "./ids.ts";
export * from "./orders/rules.ts";
export type * from "./orders/views.ts";
export type { CustomerView } from "./customers/create-customer.ts";
export type { PortalAction, PortalConfigView } from "./customers/get-portal-config.ts";
export type { DocumentKind } from "./db/schema/documents.ts";
export type { PaymentMethodView } from "./payment-methods/views.ts";
export type * from "./helpdesk/views.ts";
export type { IncidentSummary } from "./incidents/incidents.ts";
export type { IncidentPurchase } from "./incidents/buy-incident-package.ts";
export type { PricePointView, ProductView } from "./catalog/list-catalog.ts";
export type * from "./subscriptions/views.ts";
export type { SubscriptionAction, SubscriptionStatus } from "./subscriptions/rules.ts";
