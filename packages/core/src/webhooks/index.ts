export * from "./endpoints.ts";
export * from "./dispatch-webhooks.ts";
export * from "./signing.ts";
export * from "./url-policy.ts";
