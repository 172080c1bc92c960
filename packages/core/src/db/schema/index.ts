export * from "./merchants.ts";
export * from "./customers.ts";
export * from "./catalog.ts";
export * from "./orders.ts";
export * from "./payments.ts";
export * from "./documents.ts";
export * from "./signing-keys.ts";
