// Server entry: database, operations and everything that needs Node.
export * from "./index.ts";
export * from "./context.ts";
export * from "./db/open.ts";
export * as schema from "./db/schema/index.ts";
export * from "./merchants/api-keys.ts";
export * from "./merchants/authenticate-api-key.ts";
export * from "./merchants/create-merchant.ts";
export * from "./merchants/get-merchant.ts";
export * from "./merchants/origins.ts";
export * from "./merchants/update-allowed-origins.ts";
export * from "./customers/create-customer.ts";
export * from "./orders/create-order.ts";
export * from "./orders/record-payment.ts";
export * from "./orders/list-orders.ts";
export * from "./keys/signing-keys.ts";
export * from "./seed/demo.ts";
