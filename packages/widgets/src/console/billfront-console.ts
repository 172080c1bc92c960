import { css, html, nothing } from "lit";
import { keyed } from "lit/directives/keyed.js";
import { html as staticHtml, unsafeStatic } from "lit/static-html.js";
import { BillfrontElement } from "../base.ts";
import { ApiError } from "../client.ts";
import { design, errorState, skeleton } from "../ui/design.ts";
import { ConsoleApi } from "./console-api.ts";
import { pick, type Catalogue } from "./console-i18n.ts";
import type { ConsoleNavigateDetail, StaffRole } from "./console-screen.ts";
import { SCREEN_LABELS, SCREENS, type ScreenDef } from "./screens.ts";

/** Who is signed in, as `GET /v1/staff/me` says. */
export interface StaffMe {
  merchant: { id: string; name: string; mode: "test" | "live" };
  role: StaffRole;
  staff: { id: string; email: string; name: string | null } | null;
}

const TEXTS: Catalogue<{ title: string; nav: string; loading: string; failed: string; retry: string; signOut: string; role: Record<StaffRole, string>; sandbox: string; expired: string }> = {
  en: { title: "Staff console", nav: "Console sections", loading: "Loading the console…", failed: "The console could not be loaded.", retry: "Try again", signOut: "Sign out", role: { agent: "Agent", admin: "Admin" }, sandbox: "Sandbox", expired: "This console session has ended. Reload the page from your back office." },
  de: { title: "Mitarbeiterkonsole", nav: "Bereiche der Konsole", loading: "Konsole wird geladen…", failed: "Die Konsole konnte nicht geladen werden.", retry: "Erneut versuchen", signOut: "Abmelden", role: { agent: "Agent", admin: "Admin" }, sandbox: "Testmodus", expired: "Diese Konsolensitzung ist beendet. Laden Sie die Seite in Ihrem Backoffice neu." },
  fr: { title: "Console du personnel", nav: "Sections de la console", loading: "Chargement de la console…", failed: "La console n’a pas pu être chargée.", retry: "Réessayer", signOut: "Se déconnecter", role: { agent: "Agent", admin: "Administrateur" }, sandbox: "Bac à sable", expired: "Cette session de la console est terminée. Rechargez la page depuis votre back-office." },
  es: { title: "Consola del personal", nav: "Secciones de la consola", loading: "Cargando la consola…", failed: "No se pudo cargar la consola.", retry: "Reintentar", signOut: "Cerrar sesión", role: { agent: "Agente", admin: "Administrador" }, sandbox: "Entorno de pruebas", expired: "Esta sesión de la consola ha terminado. Vuelva a cargar la página desde su back-office." },
};

/**
 * The staff console (M1–M3): customers, orders, the review queue, the helpdesk
 * and (admins) the settings. On the BFF's `/staff` page it signs staff in with a
 * cookie session; embedded in a merchant's back office it takes a staff token
 * (`token`) that the merchant's server obtained. Each screen is its own chunk.
 *
 * @fires billfront-console-navigate - a screen opened another; detail `{ screen, params }`
 * @fires billfront-error - loading failed; detail `{ code, status, message }`
 * @csspart header - the bar with the shop's name, who is signed in and sign-out
 * @csspart nav - the navigation between sections
 * @csspart main - the current screen
 * @tagname billfront-console
 */
export class BillfrontConsole extends BillfrontElement {
  static override styles = [
    design,
    css`
      [part="header"] { margin-bottom: 0.75rem; }
      nav ul { list-style: none; margin: 0 0 1rem; padding: 0; }
    `,
  ];
  static override properties = {
    apiUrl: { type: String, attribute: "api" },
    token: { type: String },
    locale: { type: String },
    screen: { type: String, reflect: true },
    theme: { type: String, reflect: true },
  };

  /** The BFF's address (default: this page's origin, as on `/staff`). */
  declare apiUrl: string | undefined;
  /** A staff token for embedding (no cookie); without it the console uses the `/staff` page's cookie session. */
  declare token: string | undefined;
  declare locale: string;
  /** The screen shown (default `customers`). */
  declare screen: string;
  declare theme: string | undefined;

  #client: ConsoleApi | undefined;
  #me: StaffMe | undefined;
  #error: unknown;
  #params: Record<string, string> = {};
  #loading = false;
  /** Why the sign-in is shown (cookie mode): the session ended, or the staff member signed out. */
  #notice: "expired" | "signed_out" | undefined;

  constructor() {
    super();
    this.locale = "en";
    this.screen = "customers";
    this.addEventListener("billfront-console-navigate", (event) => {
      const { screen, params } = (event as CustomEvent<ConsoleNavigateDetail>).detail;
      this.show(screen, params ?? {});
    });
  }

  /** The signed-in staff member (after load), for screens and for the page around the console. */
  get me(): StaffMe | undefined {
    return this.#me;
  }

  /** Shows a screen (one the role may see; others fall back to the first). */
  show(screen: string, params: Record<string, string> = {}): void {
    this.screen = screen;
    this.#params = params;
    this.requestUpdate();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#load();
  }

  /** The client for the session this console runs in: a token, or the cookie session's CSRF token once signed in. */
  protected clientFor(csrf?: string): ConsoleApi {
    const api = this.apiUrl ?? location.origin;
    const client = this.token ? new ConsoleApi(api, { kind: "token", token: this.token }) : new ConsoleApi(api, { kind: "cookie", csrf: csrf ?? "" });
    client.onSessionExpired = (error) => this.#expired(error);
    return client;
  }

  /** Any call found the session ended: back to the sign-in (cookie mode) or the error (token mode). */
  #expired(error: ApiError): void {
    if (!this.#me) return;
    this.#me = undefined;
    this.#error = error;
    this.#notice = "expired";
    this.requestUpdate();
  }

  /**
   * Cookie mode: the CSRF token comes from `GET /v1/staff/session` (after a
   * reload the page cannot read the HttpOnly cookie, the server can); a sign-in
   * hands it over directly. Then `GET /v1/staff/me`.
   */
  async #load(csrf?: string): Promise<void> {
    this.#loading = true;
    this.#error = undefined;
    this.requestUpdate();
    try {
      if (!this.token && csrf === undefined) {
        const session = await this.clientFor().get<{ csrf_token: string | null }>("/v1/staff/session");
        csrf = session.csrf_token ?? "";
      }
      this.#client = this.clientFor(csrf);
      this.#me = await this.#client.get<StaffMe>("/v1/staff/me");
      this.#notice = undefined;
    } catch (error) {
      this.#error = error;
      if (error instanceof ApiError && error.code === "staff_session_expired") this.#notice = "expired";
      if (!(error instanceof ApiError && error.status === 401)) this.emit("billfront-error", { code: error instanceof ApiError ? error.code : "error", status: error instanceof ApiError ? error.status : 0, message: String((error as Error).message) });
    } finally {
      this.#loading = false;
      this.requestUpdate();
    }
  }

  #visible(): ScreenDef[] {
    return SCREENS.filter((s) => !s.admin || this.#me?.role === "admin");
  }

  protected override render() {
    const t = pick(TEXTS, this.locale);
    if (this.#loading) return skeleton(t.loading, 3);
    if (!this.#me) {
      if (this.#error instanceof ApiError && this.#error.status === 401 && !this.token) return this.renderSignIn();
      if (this.#error instanceof ApiError && this.#error.code === "staff_session_expired") return errorState(t.expired, t.retry, () => void this.#load());
      return errorState(this.#error instanceof ApiError ? this.#error.message : t.failed, t.retry, () => void this.#load());
    }
    const labels = pick(SCREEN_LABELS, this.locale);
    const screens = this.#visible();
    const current = screens.find((s) => s.id === this.screen) ?? screens[0]!;
    // A screen is rendered once its chunk has defined it: properties given to a not yet upgraded
    // element only reach it after its first connectedCallback, where screens start loading.
    if (!customElements.get(current.tag)) void current.load().then(() => this.requestUpdate());
    const nav = screens.filter((s) => s.nav);
    const navCurrent = current.nav ? current.id : (current.parent ?? "");
    return html`
      <header part="header" class="spread">
        <div class="row">
          <strong>${this.#me.merchant.name}</strong>
          ${this.#me.merchant.mode !== "live" ? html`<span class="badge" data-tone="warning">${t.sandbox}</span>` : nothing}
        </div>
        <div class="row">
          <span class="muted">${this.#me.staff?.email ?? ""} · ${t.role[this.#me.role]}</span>
          ${this.token ? nothing : html`<button type="button" part="sign-out" @click=${() => void this.signOut()}>${t.signOut}</button>`}
        </div>
      </header>
      <nav part="nav" aria-label=${t.nav}>
        <ul class="row" role="list">
          ${nav.map(
            (s) => html`<li><button type="button" class=${s.id === navCurrent ? "primary" : ""} aria-current=${s.id === navCurrent ? "page" : "false"} @click=${() => this.show(s.id)}>${labels[s.id] ?? s.id}</button></li>`,
          )}
        </ul>
      </nav>
      <main part="main">
        ${!customElements.get(current.tag)
          ? skeleton(t.loading, 3)
          : // Keyed by screen and parameters: another ticket or customer is a fresh screen that loads its own data.
            keyed(`${current.id} ${JSON.stringify(this.#params)}`, staticHtml`<${unsafeStatic(current.tag)} .api=${this.#client} staff-role=${this.#me.role} locale=${this.locale} .params=${this.#params}></${unsafeStatic(current.tag)}>`)}
      </main>
    `;
  }

  /** The sign-in step of the cookie session (the `/staff` page). */
  protected renderSignIn() {
    void import("./screens/sign-in.ts");
    return html`<main part="main">
      <bf-console-sign-in
        .api=${this.clientFor()}
        locale=${this.locale}
        .notice=${this.#notice}
        @billfront-console-signed-in=${(event: CustomEvent<{ csrf: string }>) => void this.#load(event.detail.csrf)}
      ></bf-console-sign-in>
    </main>`;
  }

  /** Ends the cookie session and shows the sign-in step. */
  async signOut(): Promise<void> {
    try {
      await this.#client?.delete("/v1/staff/session");
    } catch {
      // Ended already (or unreachable): the sign-in is shown either way; the server ends idle sessions itself.
    } finally {
      this.#me = undefined;
      this.#error = new ApiError(401, "staff_session_ended", "Signed out.");
      this.#notice = "signed_out";
      this.requestUpdate();
    }
  }
}
