import type { MessageTemplate } from "../../db/schema/outbox.ts";
import type { CopyVars } from "./vars.ts";

/** The words of one message; the layout (HTML and text) is the same for all. */
export interface MessageCopy {
  subject: string;
  /** The heading of the HTML part; the subject when absent. */
  heading?: string;
  /** Paragraphs before the button. */
  paragraphs: string[];
  /** A code shown large (sign-in code). */
  code?: string;
  /** The one thing to do, as a button (HTML) or a labelled URL (text). */
  action?: { label: string; url: string };
  /** Paragraphs after the button. */
  after?: string[];
  /** Why this e-mail arrived, when it is not the usual "you have an account" (a forward, a staff alert). */
  footer?: string;
  /** The SMS form of the message, for those that have one: short, with the link. */
  sms?: string;
}

/**
 * The messages in one language. Adding a language is adding a catalogue (a
 * file like en.ts) and listing it in CATALOGUES (templates/index.ts); the
 * type makes every template's copy required.
 */
export interface Catalogue {
  /** BCP 47 language tag, e.g. "de". */
  language: string;
  /** "Hello Ada," (or without a name when there is none). */
  greeting(name: string): string;
  /** The closing lines, e.g. ["Kind regards", "Northwind"]. */
  signOff(merchant: string): string[];
  /** Why this e-mail arrived; the footer. */
  footer(merchant: string): string;
  /** Above the plain link under a button. */
  linkHelp: string;
  templates: { [T in MessageTemplate]: (v: CopyVars<T>) => MessageCopy };
}
