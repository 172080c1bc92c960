// The widgets' JSX types (IntrinsicElements for every Billfront tag and its events) come with this import.
import type { BillfrontErrorDetail, CustomerRequestDetail, PaymentMethodEventDetail, TicketEventDetail } from "@billfront/widgets/react";
import { useCallback, useRef, useState } from "react";

interface Toast {
  id: number;
  text: string;
  tone: "success" | "error";
}

/** The shop's server mints a fresh session with its secret key; the browser only ever holds session tokens. */
async function renewSession(): Promise<string | undefined> {
  const res = await fetch("/session", { method: "POST", credentials: "same-origin" });
  if (!res.ok) return undefined;
  return ((await res.json()) as { token: string }).token;
}

export function App({ api, session, customerEmail }: { api: string; session: string; customerEmail: string }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(0);
  const toast = useCallback((text: string, tone: Toast["tone"] = "success") => {
    const id = ++nextId.current;
    setToasts((all) => [...all, { id, text, tone }]);
    setTimeout(() => setToasts((all) => all.filter((t) => t.id !== id)), 6000);
  }, []);

  return (
    <>
      <header className="site-header">
        <a className="brand" href="/">Northwind Coffee</a>
        <nav aria-label="Shop">
          <a href="/">Shop</a>
          <a href="/" aria-current="page">My account</a>
        </nav>
      </header>
      <main>
        <h1>My account</h1>
        <p className="signed-in">Signed in as {customerEmail}</p>
        {/* React 19 sets fetchSession as a property (a function cannot be an attribute); on… props are event listeners. */}
        <billfront-portal
          api={api}
          session={session}
          locale="en"
          fetchSession={renewSession}
          onbillfront-refund-request={(e: CustomEvent<CustomerRequestDetail>) => toast(e.detail.status === "requested" ? "Refund requested: the shop will answer soon" : "Refund on its way")}
          onbillfront-session-expired={() => toast("Your session ended: reload the page", "error")}
          onbillfront-error={(e: CustomEvent<BillfrontErrorDetail>) => toast(e.detail.message, "error")}
        >
          <div className="grid">
            <section aria-labelledby="orders-heading" className="card wide">
              <h2 id="orders-heading">Orders and subscriptions</h2>
              <my-orders page-size={10}></my-orders>
            </section>
            <section aria-labelledby="cards-heading" className="card">
              <h2 id="cards-heading">Payment methods</h2>
              <payment-methods onbillfront-payment-method-add={(e: CustomEvent<PaymentMethodEventDetail>) => toast(`Card ending ${e.detail.paymentMethod.last4} saved`)}></payment-methods>
            </section>
            <section aria-labelledby="account-heading" className="card">
              <h2 id="account-heading">Profile</h2>
              <account-details></account-details>
            </section>
            <section aria-labelledby="support-heading" className="card wide">
              <h2 id="support-heading">Support</h2>
              <helpdesk-tickets onbillfront-ticket-create={(e: CustomEvent<TicketEventDetail>) => toast(`Ticket “${e.detail.subject}” sent`)}></helpdesk-tickets>
            </section>
          </div>
        </billfront-portal>
      </main>
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((t) => (
          <p key={t.id} className={`toast ${t.tone}`}>
            {t.text}
          </p>
        ))}
      </div>
      <footer>React example · powered by Billfront</footer>
    </>
  );
}
