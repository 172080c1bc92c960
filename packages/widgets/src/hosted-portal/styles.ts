import { css } from "lit";

/**
 * The hosted page's own layout (W6), adopted by the document: the portal
 * renders into the page itself so that every widget in it is a plain element
 * of the document (lazy widgets load when their tag appears). Fits 320 px.
 */
export const hostedPortalStyles = css`
  billfront-hosted-portal {
    --bf-accent: #0b57d0;
    display: block;
    min-height: 100vh;
    font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
    color: #1b1f24;
    background: #f6f7f9;
  }
  /* A long shop name or banner wraps instead of widening the page (not inherited by the widgets' tables). */
  .bf-brand,
  .bf-banner,
  .bf-main h1,
  .bf-links a {
    overflow-wrap: anywhere;
  }
  billfront-hosted-portal my-orders,
  billfront-hosted-portal payment-methods,
  billfront-hosted-portal helpdesk-tickets,
  billfront-hosted-portal account-details {
    --billfront-accent: var(--bf-accent);
  }
  .bf-header {
    background: #fff;
    border-top: 4px solid var(--bf-accent);
    border-bottom: 1px solid #d6dae0;
  }
  .bf-header-inner,
  .bf-main {
    max-width: 60rem;
    margin: 0 auto;
    padding: 0.75rem 1rem;
    box-sizing: border-box;
  }
  .bf-header-inner {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem 1rem;
  }
  .bf-brand {
    display: flex;
    align-items: center;
    gap: 0.625rem;
    min-width: 0;
    font-weight: 700;
    font-size: 1.0625rem;
  }
  .bf-logo {
    display: block;
    max-height: 2.5rem;
    max-width: 8rem;
    width: auto;
    height: auto;
  }
  .bf-tools {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 0.75rem;
  }
  .bf-tools label {
    display: flex;
    align-items: center;
    gap: 0.375rem;
    font-size: 0.875rem;
  }
  .bf-tools select,
  .bf-button,
  .bf-tab {
    font: inherit;
    border-radius: 0.5rem;
  }
  .bf-tools select {
    padding: 0.25rem 0.375rem;
    border: 1px solid #8a929c;
    background: #fff;
    color: inherit;
  }
  .bf-button {
    display: inline-block;
    padding: 0.4375rem 0.875rem;
    border: 1px solid var(--bf-accent);
    background: #fff;
    color: var(--bf-accent);
    text-decoration: none;
    font-weight: 600;
    cursor: pointer;
    line-height: 1.5;
  }
  .bf-button.bf-primary {
    background: var(--bf-accent);
    color: #fff;
  }
  .bf-main {
    padding-top: 1rem;
    padding-bottom: 3rem;
  }
  .bf-back {
    display: inline-block;
    margin-bottom: 0.5rem;
    color: var(--bf-accent);
    font-weight: 600;
  }
  .bf-main h1 {
    font-size: 1.5rem;
    line-height: 1.25;
    margin: 0 0 0.75rem;
  }
  .bf-main h2 {
    font-size: 1.125rem;
    margin: 1.5rem 0 0.5rem;
  }
  .bf-banner {
    margin: 0 0 1rem;
    padding: 0.625rem 0.875rem;
    border-radius: 0.5rem;
    background: #eef3fc;
    border-left: 4px solid var(--bf-accent);
  }
  .bf-tabbar {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: 0.25rem 1rem;
    border-bottom: 1px solid #d6dae0;
    margin-bottom: 1rem;
  }
  [role="tablist"] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
  }
  .bf-tab {
    border: 0;
    border-bottom: 3px solid transparent;
    border-radius: 0.375rem 0.375rem 0 0;
    background: none;
    color: #3d4450;
    padding: 0.5rem 0.625rem;
    cursor: pointer;
    font-weight: 600;
  }
  .bf-tab[aria-selected="true"] {
    color: var(--bf-accent);
    border-bottom-color: var(--bf-accent);
    background: #fff;
  }
  .bf-links {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 0.75rem;
    padding: 0.5rem 0;
  }
  .bf-links a {
    color: var(--bf-accent);
    font-weight: 600;
  }
  .bf-button:focus-visible,
  .bf-tab:focus-visible,
  .bf-back:focus-visible,
  .bf-links a:focus-visible,
  .bf-tools select:focus-visible,
  [role="tabpanel"]:focus-visible {
    outline: 2px solid var(--bf-accent);
    outline-offset: 2px;
  }
  .bf-ended {
    max-width: 32rem;
    margin: 2rem auto 0;
    background: #fff;
    border: 1px solid #d6dae0;
    border-radius: 0.75rem;
    padding: 1.5rem;
  }
  .bf-ended p {
    margin: 0 0 1rem;
  }
  .bf-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .bf-muted {
    color: #5b6470;
  }
  .bf-sr {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  [hidden] {
    display: none !important;
  }
`;
