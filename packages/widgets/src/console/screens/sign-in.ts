import { css, html, nothing } from "lit";
import { define } from "../../base.ts";
import { ApiError } from "../../client.ts";
import { design } from "../../ui/design.ts";
import { CONSOLE_LANGUAGES, formatLocale, pick, type ConsoleLanguage } from "../console-i18n.ts";
import { ConsoleScreen } from "../console-screen.ts";
import { messages } from "./sign-in.messages.ts";

type Step = "email" | "code" | "totp" | "enrol";

/** Detail of `billfront-console-signed-in`: the cookie session's CSRF token, for the shell's ConsoleApi. */
export interface ConsoleSignedInDetail {
  csrf: string;
}

interface VerifyAnswer {
  csrf_token?: string;
  mfa_required?: boolean;
  mfa_enrolment_required?: boolean;
  challenge?: string;
  secret?: string;
  qr?: string;
}

/**
 * The staff console's sign-in (M1), cookie mode on the `/staff` page: e-mail →
 * the e-mailed code → TOTP (or, where the shop requires it and none is set up,
 * enrolment with the QR code and key shown once). The session itself is an
 * HttpOnly cookie the page cannot read; the CSRF token comes with the answer
 * and goes out in the event.
 *
 * @fires billfront-console-signed-in - signed in; detail `{ csrf }`
 * @csspart sign-in - the sign-in card
 * @csspart notice - why the sign-in is shown (session ended, signed out)
 * @csspart error - the error of the current step
 * @tagname bf-console-sign-in
 */
export class ConsoleSignIn extends ConsoleScreen {
  static override styles = [
    design,
    css`
      :host { display: block; }
      .card { max-width: 28rem; margin: 2rem auto; padding: 1.5rem; box-sizing: border-box; }
      h1 { margin: 0 0 0.5rem; font-size: 1.375rem; overflow-wrap: anywhere; }
      h1:focus { outline: none; }
      p { margin: 0 0 0.75rem; overflow-wrap: anywhere; }
      form { display: grid; gap: 0.75rem; }
      input { width: 100%; box-sizing: border-box; }
      .qr { display: block; width: 12rem; max-width: 100%; height: auto; margin: 0 auto; background: #fff; }
      code.secret { display: block; overflow-wrap: anywhere; font-size: 1rem; letter-spacing: 0.08em; padding: 0.5rem; background: var(--_bf-subtle); border-radius: 0.25rem; }
    `,
  ];
  static override properties = { ...ConsoleScreen.properties, notice: { type: String } };

  /** Why the sign-in is shown: `expired` (the session ended) or `signed_out`. */
  declare notice: "expired" | "signed_out" | undefined;

  #step: Step = "email";
  #email = "";
  #challenge = "";
  #secret = "";
  #qr = "";
  #error = "";
  #info = "";
  #busy = false;

  get #t() {
    return pick(messages, this.locale);
  }

  #message(error: unknown): string {
    const t = this.#t;
    if (!(error instanceof ApiError)) return t.failed;
    if (error.code === "sign_in_code_invalid" || error.code === "mfa_code_invalid") return t.wrongCode;
    if (error.code === "too_many_attempts") return t.tooMany;
    if (error.code === "mfa_challenge_expired" || error.code === "mfa_challenge_invalid") return t.stepExpired;
    if (error.code === "rate_limited") return t.rateLimited;
    if (error.code === "validation_failed" || error.status === 400 || error.status === 422) return this.#step === "email" ? t.invalidEmail : t.invalidCode;
    return t.failed;
  }

  async #run(work: () => Promise<void>): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    this.#error = "";
    this.requestUpdate();
    try {
      await work();
    } catch (error) {
      this.#error = this.#message(error);
      if (error instanceof ApiError && (error.code === "too_many_attempts" || error.code === "mfa_challenge_expired" || error.code === "mfa_challenge_invalid") && this.#step !== "code") this.#step = "code";
    } finally {
      this.#busy = false;
      this.requestUpdate();
      await this.updateComplete;
      // Focus: the field of the step now shown (with its error read out by aria-describedby).
      this.renderRoot.querySelector<HTMLInputElement>("input")?.focus();
    }
  }

  #requestCode = (event?: Event) => {
    event?.preventDefault();
    const form = this.renderRoot.querySelector<HTMLInputElement>("#email");
    if (this.#step === "email") {
      const value = form?.value.trim() ?? "";
      if (!value || !form?.checkValidity()) {
        this.#error = this.#t.invalidEmail;
        this.requestUpdate();
        void this.updateComplete.then(() => form?.focus());
        return;
      }
      this.#email = value;
    }
    const resending = this.#step === "code";
    void this.#run(async () => {
      await this.api!.post("/v1/staff/sign_in", { email: this.#email, locale: language(this.locale) });
      this.#step = "code";
      this.#info = resending ? this.#t.resent : "";
    });
  };

  #verify = (event: Event) => {
    event.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>("#code")!;
    const code = input.value.replace(/[\s-]/g, "");
    if (!/^\d{6}$/.test(code)) return this.#invalid(input);
    void this.#run(async () => {
      const answer = await this.api!.post<VerifyAnswer>("/v1/staff/sign_in/verify", { email: this.#email, code });
      this.#info = "";
      if (answer.csrf_token) return this.#signedIn(answer.csrf_token);
      this.#challenge = answer.challenge ?? "";
      if (answer.mfa_enrolment_required) {
        this.#secret = answer.secret ?? "";
        this.#qr = answer.qr ?? "";
        this.#step = "enrol";
      } else this.#step = "totp";
    });
  };

  #answerTotp = (event: Event) => {
    event.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>("#totp")!;
    const code = input.value.replace(/\s/g, "");
    if (!/^\d{6}$/.test(code)) return this.#invalid(input);
    void this.#run(async () => {
      const answer = await this.api!.post<VerifyAnswer>("/v1/staff/sign_in/mfa", { challenge: this.#challenge, code });
      // The key is shown once: forget it as soon as it is confirmed.
      this.#secret = "";
      this.#qr = "";
      this.#signedIn(answer.csrf_token ?? "");
    });
  };

  #invalid(input: HTMLInputElement): void {
    this.#error = this.#t.invalidCode;
    this.requestUpdate();
    void this.updateComplete.then(() => input.focus());
  }

  #signedIn(csrf: string): void {
    this.emit<ConsoleSignedInDetail>("billfront-console-signed-in", { csrf });
  }

  #startOver = () => {
    this.#step = "email";
    this.#challenge = "";
    this.#secret = "";
    this.#qr = "";
    this.#error = "";
    this.#info = "";
    this.requestUpdate();
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLInputElement>("#email")?.focus());
  };

  protected override render() {
    const t = this.#t;
    const error = this.#error ? html`<p id="error" class="state error" part="error" role="alert">${this.#error}</p>` : nothing;
    const info = this.#info ? html`<p class="notice" role="status">${this.#info}</p>` : nothing;
    const notice =
      this.notice && this.#step === "email" ? html`<p class="notice" part="notice" role="status">${this.notice === "expired" ? t.expired : t.signedOut}</p>` : nothing;
    const submit = (label: string) => html`<button type="submit" class="primary" aria-busy=${this.#busy ? "true" : "false"} ?disabled=${this.#busy}>${label}</button>`;
    const codeField = (id: string, label: string) => html`<label for=${id}>${label}</label>
      <input id=${id} name=${id} type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]*" maxlength="7" required ?disabled=${this.#busy}
        aria-invalid=${this.#error ? "true" : "false"} aria-describedby=${this.#error ? "error" : nothing} />`;
    let body;
    switch (this.#step) {
      case "email":
        body = html`<h1 id="heading" tabindex="-1">${t.title}</h1>
          ${notice}
          <p>${t.emailIntro}</p>
          <form @submit=${this.#requestCode} novalidate>
            <label for="email">${t.email}</label>
            <input id="email" name="email" type="email" autocomplete="email" .value=${this.#email} required ?disabled=${this.#busy}
              aria-invalid=${this.#error ? "true" : "false"} aria-describedby=${this.#error ? "error" : nothing} />
            ${error}
            <div class="actions">${submit(t.sendCode)}</div>
          </form>`;
        break;
      case "code":
        body = html`<h1 id="heading" tabindex="-1">${t.codeTitle}</h1>
          <p>${t.codeIntro.replace("{email}", this.#email)}</p>
          ${info}
          <form @submit=${this.#verify} novalidate>
            ${codeField("code", t.code)} ${error}
            <div class="actions">${submit(t.verify)}</div>
          </form>
          <div class="actions">
            <button type="button" class="link" ?disabled=${this.#busy} @click=${() => this.#requestCode()}>${t.resend}</button>
            <button type="button" class="link" ?disabled=${this.#busy} @click=${this.#startOver}>${t.otherAddress}</button>
          </div>`;
        break;
      case "totp":
        body = html`<h1 id="heading" tabindex="-1">${t.totpTitle}</h1>
          <p>${t.totpIntro}</p>
          <form @submit=${this.#answerTotp} novalidate>
            ${codeField("totp", t.totp)} ${error}
            <div class="actions">${submit(t.signIn)}</div>
          </form>
          <div class="actions"><button type="button" class="link" @click=${this.#startOver}>${t.startOver}</button></div>`;
        break;
      case "enrol":
        body = html`<h1 id="heading" tabindex="-1">${t.enrolTitle}</h1>
          <p>${t.enrolIntro}</p>
          ${this.#qr ? html`<img class="qr" part="qr" src=${this.#qr} alt=${t.qrAlt} width="192" height="192" />` : nothing}
          <p>${t.secret}</p>
          <code class="secret" part="secret">${this.#secret}</code>
          <form @submit=${this.#answerTotp} novalidate>
            ${codeField("totp", t.totp)} ${error}
            <div class="actions">${submit(t.enrolConfirm)}</div>
          </form>
          <div class="actions"><button type="button" class="link" @click=${this.#startOver}>${t.startOver}</button></div>`;
        break;
    }
    return html`<section class="card" part="sign-in" aria-labelledby="heading">${body}</section>`;
  }
}
/** The e-mail's language: the console's, as one of the four it speaks. */
function language(locale: string | undefined): ConsoleLanguage {
  const tag = formatLocale(locale).split("-")[0] as ConsoleLanguage;
  return CONSOLE_LANGUAGES.includes(tag) ? tag : "en";
}

define("bf-console-sign-in", ConsoleSignIn);
