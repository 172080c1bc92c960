// Defines every Billfront element (the lazily loaded ones fetch their chunk when first used).
import "@billfront/widgets";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.tsx";
import "./app.css";

const meta = (name: string) => document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? "";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App api={meta("billfront-api")} session={meta("billfront-session")} customerEmail={meta("customer-email")} />
  </StrictMode>,
);
