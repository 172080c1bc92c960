import { designCss } from "@billfront/core/design-css";
import { css, unsafeCSS } from "lit";

/**
 * The hosted page's own layout (W6), adopted by the document together with the
 * design sheet for `:root`: the portal renders into the page itself so that every
 * widget in it is a plain element of the document (lazy widgets load when their
 * tag appears). Fits 320 px: the header and the tabs wrap instead of scrolling.
 */
export const hostedPortalStyles = css`
  ${unsafeCSS(designCss(":root"))}
  billfront-hosted-portal {
    /* The merchant's brand colour (made readable, set inline as --bf-accent) is the accent of every part of the page. */
    --_bf-accent: var(--bf-accent, var(--billfront-accent, light-dark(#0b57d0, #8ab4f8)));
    display: block;
    min-height: 100vh;
    font-size: 1rem;
    color: var(--_bf-text);
    background: var(--_bf-subtle);
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
    background: var(--_bf-surface);
    border-top: 4px solid var(--_bf-accent);
    border-bottom: 1px solid var(--_bf-border);
  }
  .bf-header-inner,
  .bf-main {
    max-width: 60rem;
    margin: 0 auto;
    padding: 0.75rem 1rem;
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
    font-size: 1.125rem;
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
  }
  .bf-tools select {
    width: auto;
    min-height: 2.5rem;
    padding: 0.25rem 0.5rem;
  }
  .bf-main {
    padding-top: 1rem;
    padding-bottom: 3rem;
  }
  .bf-back {
    display: inline-block;
    margin-bottom: 0.5rem;
    color: var(--_bf-accent);
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
    border-radius: var(--_bf-radius);
    background: var(--_bf-info-bg);
    border-inline-start: 4px solid var(--_bf-accent);
  }
  /* The tabs wrap onto as many lines as they need: nothing scrolls sideways at 320 px. */
  .bf-tabbar {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: 0.25rem 1rem;
    border-bottom: 1px solid var(--_bf-border);
    margin-bottom: 1rem;
  }
  [role="tablist"] {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
  }
  billfront-hosted-portal button.bf-tab {
    border: 0;
    border-bottom: 3px solid transparent;
    border-radius: var(--_bf-radius) var(--_bf-radius) 0 0;
    background: none;
    color: var(--_bf-muted);
    padding: 0.5rem 0.75rem;
  }
  billfront-hosted-portal button.bf-tab:hover:not([aria-selected="true"]) {
    color: var(--_bf-text);
    border-bottom-color: var(--_bf-border);
  }
  billfront-hosted-portal button.bf-tab[aria-selected="true"] {
    color: var(--_bf-accent);
    border-bottom-color: var(--_bf-accent);
    background: var(--_bf-surface);
  }
  .bf-links {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 0.75rem;
    padding: 0.5rem 0;
  }
  .bf-links a {
    color: var(--_bf-accent);
    font-weight: 600;
    display: inline-block;
    min-height: 1.5rem;
  }
  billfront-hosted-portal :focus-visible {
    outline-color: var(--_bf-accent);
  }
  .bf-ended {
    max-width: 32rem;
    margin: 2rem auto 0;
  }
  .bf-ended > * + * {
    margin-top: 1rem;
  }
  .bf-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .bf-muted {
    color: var(--_bf-muted);
  }
  .bf-sr {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
