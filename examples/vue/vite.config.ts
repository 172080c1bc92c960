import vue from "@vitejs/plugin-vue";
import { defineConfig } from "vite";

/** The Billfront elements are custom elements, not Vue components: Vue's compiler leaves them to the browser. */
const BILLFRONT_TAGS = ["my-orders", "payment-methods", "helpdesk-tickets", "account-details"];
const isCustomElement = (tag: string) => tag.startsWith("billfront-") || BILLFRONT_TAGS.includes(tag);

export default defineConfig({
  plugins: [vue({ template: { compilerOptions: { isCustomElement } } })],
  build: { target: "es2022" },
});
