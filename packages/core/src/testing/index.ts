export * from "./database.ts";
export * from "./fixtures.ts";
export * from "./pdf.ts";
export * from "./png.ts";
export * from "./observed-gateway.ts";
export * from "./transaction-guard.ts";
