import { Task } from "@lit/task";
import type { ShopReviewView } from "@billfront/core";
import { css, html, nothing } from "lit";
import { errorMessage } from "../errors.ts";
import type { ReviewSubmitDetail } from "../events.ts";
import { messagesFor, type Messages } from "../i18n/messages.ts";
import { PortalElement } from "../portal-element.ts";
import type { PortalSession } from "../session.ts";
import { design, emptyState, errorState, skeleton } from "../ui/design.ts";
import { createReviewClient, type ReviewClient } from "./review-client.ts";

const RATINGS = [1, 2, 3, 4, 5] as const;

/**
 * The customer rates the shop, 1–5 stars with a comment (Zoho "customer
 * reviews"); only the shop reads it. Shown when the portal lists `review_shop`
 * among its actions. A customer has one review, which they may edit.
 *
 * @fires billfront-review-submit - detail `{ reviewId, rating }`
 * @fires billfront-error - detail `{ code, status, message }`
 * @csspart form - the rating form
 * @csspart review - the customer's review once sent
 * @csspart thanks - the thank-you message after sending
 * @csspart edit - the button that opens the form again
 * @tagname shop-review
 */
export class ShopReview extends PortalElement {
  static override styles = [
    design,
    css`
      .card.stack > * + * { margin-top: 0; }
      .stars { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; }
      .glyphs { color: var(--_bf-warning); letter-spacing: 0.05em; }
      .shown { font-size: 1.25rem; }
      textarea { resize: vertical; }
      blockquote { margin: 0; padding-inline-start: 0.75rem; border-inline-start: 3px solid var(--_bf-border); color: var(--_bf-text); }
      .notice:focus { outline: none; }
    `,
  ];

  #clients: { api: string; session: PortalSession; client: ReviewClient } | undefined;
  #review: ShopReviewView | null = null;
  #editing = false;
  #busy = false;
  #thanks = false;
  #error = "";

  #load = new Task(this, {
    task: async ([client, reviews], { signal }) => {
      if (!client || !reviews) return undefined;
      const config = await client.getPortalConfig(undefined, signal);
      if (!config.actions.includes("review_shop")) return { allowed: false };
      this.#review = await reviews.get(signal);
      return { allowed: true };
    },
    args: () => [this.connection.client, this.#client()] as const,
    onError: (error) => this.reportError(error),
  });

  protected override render() {
    const t = messagesFor(this.connection.locale);
    const ended = this.renderSessionEnded();
    if (ended) return ended;
    return html`<section class="card stack" aria-labelledby="review-heading">
      <h2 id="review-heading">${t.review.heading}</h2>
      ${this.#load.render({
        initial: () => emptyState(t.notConfigured),
        pending: () => skeleton(t.review.loading, 1),
        error: (error) => errorState(errorMessage(error, this.connection.locale), t.retry, () => void this.#load.run()),
        complete: (data) => (!data ? emptyState(t.notConfigured) : !data.allowed ? emptyState(t.review.unavailable) : this.#renderReview(t)),
      })}
    </section>`;
  }

  #renderReview(t: Messages) {
    const review = this.#review;
    if (review && !this.#editing) {
      return html`${this.#thanks ? html`<p class="notice success" part="thanks" role="status" tabindex="-1">${t.review.thanks}</p>` : nothing}
        <div class="stack" part="review">
          <p><span class="glyphs shown" aria-hidden="true">${"★".repeat(review.rating)}${"☆".repeat(5 - review.rating)}</span> <span>${t.review.yours(review.rating)}</span></p>
          ${review.comment ? html`<blockquote>${review.comment}</blockquote>` : nothing}
          <div><button type="button" part="edit" @click=${this.#startEditing}>${t.review.edit}</button></div>
        </div>`;
    }
    return html`<p class="meta">${t.review.intro}</p>
      <form part="form" class="stack" novalidate @submit=${this.#submit}>
        ${this.#error ? html`<p role="alert" id="review-error" tabindex="-1">${this.#error}</p>` : nothing}
        <fieldset role="radiogroup" aria-describedby=${this.#error ? "review-error" : nothing}>
          <legend>${t.review.rating}</legend>
          <div class="stars">
            ${RATINGS.map(
              (n) => html`<label class="choice"
                ><input type="radio" name="rating" value=${n} .checked=${review?.rating === n} />
                <span class="glyphs" aria-hidden="true">${"★".repeat(n)}</span><span>${t.review.stars(n)}</span></label
              >`,
            )}
          </div>
        </fieldset>
        <label>${t.review.comment}<textarea name="comment" rows="4" maxlength="2000" .value=${review?.comment ?? ""}></textarea></label>
        <div class="actions">
          <button type="submit" class="primary" ?disabled=${this.#busy} aria-busy=${this.#busy ? "true" : "false"}>${this.#busy ? t.review.sending : review ? t.review.update : t.review.submit}</button>
          ${review ? html`<button type="button" @click=${this.#stopEditing}>${t.review.cancel}</button>` : nothing}
        </div>
      </form>`;
  }

  #startEditing = (): void => {
    this.#editing = true;
    this.#thanks = false;
    this.requestUpdate();
    this.focusAfterRender('input[name="rating"]:checked');
  };

  #stopEditing = (): void => {
    this.#editing = false;
    this.#error = "";
    this.requestUpdate();
    this.focusAfterRender('[part="edit"]');
  };

  #submit = async (event: SubmitEvent): Promise<void> => {
    event.preventDefault();
    const client = this.#client();
    if (!client || this.#busy) return;
    const t = messagesFor(this.connection.locale);
    const data = new FormData(event.target as HTMLFormElement);
    const rating = Number(data.get("rating"));
    if (!rating) {
      this.#error = t.review.chooseRating;
      this.requestUpdate();
      this.focusAfterRender("#review-error");
      return;
    }
    const comment = String(data.get("comment") ?? "").trim() || null;
    this.#busy = true;
    this.#error = "";
    this.requestUpdate();
    try {
      this.#review = await client.submit({ rating, comment });
      this.#editing = false;
      this.#thanks = true;
      this.emit<ReviewSubmitDetail>("billfront-review-submit", { reviewId: this.#review.id, rating });
    } catch (error) {
      this.#error = errorMessage(error, this.connection.locale);
      this.reportError(error);
    } finally {
      this.#busy = false;
      this.requestUpdate();
    }
    this.focusAfterRender(this.#error ? "#review-error" : '[part="thanks"]');
  };

  #client(): ReviewClient | undefined {
    const api = this.connection.api;
    const session = this.connection.client?.session;
    if (!api || !session) return undefined;
    if (this.#clients?.api !== api || this.#clients.session !== session) this.#clients = { api, session, client: createReviewClient(api, session) };
    return this.#clients.client;
  }

}

declare global {
  interface HTMLElementTagNameMap {
    "shop-review": ShopReview;
  }
}
