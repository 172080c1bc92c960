// Defines every Billfront element (the lazily loaded ones fetch their chunk when first used).
import "@billfront/widgets";
import { createApp } from "vue";
import App from "./App.vue";
import "./app.css";

const meta = (name: string) => document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? "";

createApp(App, { api: meta("billfront-api"), session: meta("billfront-session"), customerEmail: meta("customer-email") }).mount("#app");
