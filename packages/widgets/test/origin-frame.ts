// A page on an origin no merchant allows (see origin-not-allowed.test.ts): it mounts a widget and tells the test what the customer sees.
import "../src/index.ts";

const { api, session } = Object.fromEntries(new URLSearchParams(location.hash.slice(1))) as { api: string; session: string };
const el = document.createElement("helpdesk-tickets");
el.setAttribute("api", api);
el.setAttribute("session", session);
el.setAttribute("locale", "en");
el.addEventListener("billfront-error", (event) => {
  const detail = (event as CustomEvent<{ code: string; message: string }>).detail;
  // The rendered text, once the element has shown it.
  setTimeout(() => parent.postMessage({ origin: location.origin, code: detail.code, message: detail.message, shown: el.shadowRoot?.textContent ?? "" }, "*"), 100);
});
document.body.append(el);
