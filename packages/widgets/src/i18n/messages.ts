import { LANGUAGES, resolveLocale as resolveAmong, type DocumentKind, type OrderStatus, type OrderType, type SubscriptionStatus } from "@billfront/core";
import type { AccountMessages } from "./account-messages.ts";
import { en } from "./en.ts";

export interface Messages {
  listLabel: string;
  loading: string;
  loadingOrder: string;
  empty: string;
  retry: string;
  loadMore: string;
  order: (number: string) => string;
  viewOrder: (number: string) => string;
  back: string;
  placedOn: (date: string) => string;
  nextBilling: (date: string) => string;
  instalments: (paid: number, count: number) => string;
  refunded: (amount: string) => string;
  viewOnly: string;
  items: string;
  description: string;
  quantity: string;
  unitPrice: string;
  amount: string;
  subtotal: string;
  total: string;
  totals: string;
  paid: string;
  refundedTotal: string;
  credited: string;
  balance: string;
  nextPayment: string;
  nextPaymentValue: (date: string, amount: string) => string;
  instalmentsPaid: string;
  skippedPayments: string;
  downloadSummary: string;
  billingHistory: string;
  noHistory: string;
  date: string;
  statusLabel: string;
  documents: string;
  details: string;
  payNow: (amount: string) => string;
  requestRefund: string;
  refundRequested: string;
  /** Label before a note the shop wrote on a payment or refund for the customer (M2). */
  shopComment: string;
  cancelSubscription: string;
  reason: string;
  confirmRefund: string;
  confirmCancel: string;
  refundDialog: (amount: string) => string;
  cancelDialog: (number: string) => string;
  goBack: string;
  requestOutcome: Record<string, string>;
  paying: string;
  paid_notice: string;
  /** A payment the bank has not answered yet (O6): neither approved nor declined. */
  pending_notice: string;
  openInvoices: (count: number, amount: string) => string;
  payAll: (amount: string) => string;
  declinedBecause: (reason: string) => string;
  download: (kind: string, number: string) => string;
  forward: {
    /** The button's visible label. */
    button: string;
    /** Its accessible name: which document. */
    label: (kind: string, number: string) => string;
    title: (kind: string, number: string) => string;
    intro: string;
    email: string;
    send: string;
    sending: string;
    sent: (kind: string, number: string, to: string) => string;
  };
  /** The order details' own texts (issue 13). */
  orderView: {
    /** A subscription-less order's Reactivate button, when the API lists `reactivate`. */
    reactivate: string;
    reactivateDialog: (number: string) => string;
    /** Refunded money shown once, with the credit notes that document it. */
    refundedWithNotes: (amount: string, creditNotes: string[]) => string;
    /** Credit with no refund behind it (a credit note on its own). */
    accountCredit: string;
  };
  status: Record<OrderStatus, string>;
  type: Record<OrderType, string>;
  rowType: Record<string, string>;
  rowStatus: Record<string, string>;
  documentKind: Record<DocumentKind, string>;
  declineReasons: Record<string, string> & { default: string };
  errors: Record<string, string> & { default: string };
  notConfigured: string;
  /** The label of the shop's banner message (P6). */
  bannerLabel: string;
  /** A lazily loaded part (its chunk) could not be fetched (W7). */
  chunkFailed: string;
  /** The retry of a chunk that failed twice: the page is loaded again. */
  reloadPage: string;
  /** The page's origin is not among the merchant's allowed origins (P5): a CORS refusal, told apart from a network failure. */
  originNotAllowed: (merchant: string, origin: string) => string;
  cards: {
    listLabel: string;
    loading: string;
    empty: string;
    ending: (brand: string, last4: string) => string;
    expires: (date: string) => string;
    default: string;
    expired: string;
    makeDefault: string;
    remove: string;
    confirmRemove: (brand: string, last4: string) => string;
    keep: string;
    add: string;
    addHeading: string;
    cancel: string;
    useFor: string;
    useForLabel: (brand: string, last4: string) => string;
    chooseSubscription: string;
    assignedTo: (numbers: string) => string;
    added: (brand: string, last4: string) => string;
    brands: Record<string, string>;
    credit: string;
    noCredit: string;
    addFunds: string;
    amountLabel: (currency: string) => string;
    fundsAdded: (amount: string) => string;
    invalidAmount: string;
    /** Confirming a removal: the subscriptions the card pays (`orders` joined as a list, `count` of them). */
    removePays: (orders: string, count: number) => string;
    /** Confirming a removal: the card that pays them afterwards. */
    removeMovesTo: (card: string) => string;
    /** The removal is refused: the only card, and a subscription renews with it. */
    removeRefused: string;
    removed: (brand: string, last4: string) => string;
    madeDefault: (brand: string, last4: string) => string;
    assign: string;
    assigned: (brand: string, last4: string, order: string) => string;
    /** Under the top-up form: the card funds are taken from. */
    topUpWith: (card: string) => string;
    /** The credit card's heading for the customer's balance. */
    balanceLabel: string;
  };
  subscription: SubscriptionMessages;
  /** `<billfront-plans>`: the shop's plans a customer may start (A6). */
  plans: {
    heading: string;
    loading: string;
    empty: string;
    unavailable: string;
    listLabel: string;
    trial: (days: number) => string;
    choose: string;
    chooseLabel: (plan: string) => string;
    dialogTitle: (plan: string) => string;
    payWith: string;
    noCards: string;
    addCard: string;
    cardAdded: (brand: string, last4: string) => string;
    continue: string;
    back: string;
    close: string;
    pricePerPeriod: string;
    taxes: string;
    trialLabel: string;
    trialNote: (date: string) => string;
    fromCredit: string;
    dueToday: string;
    nextCharge: (date: string) => string;
    confirm: string;
    starting: string;
    started: (plan: string) => string;
    startedTrial: (plan: string, date: string) => string;
    declined: (reason: string) => string;
  };
  /** `<shop-review>`: the customer's rating of the shop, read only by the shop. */
  review: {
    heading: string;
    intro: string;
    loading: string;
    unavailable: string;
    rating: string;
    stars: (n: number) => string;
    comment: string;
    submit: string;
    update: string;
    sending: string;
    thanks: string;
    yours: (n: number) => string;
    edit: string;
    cancel: string;
    chooseRating: string;
  };
  tickets: {
    attach: string;
    attachments: string;
    sections: string;
    ticketsTab: string;
    billingTab: string;
    listLabel: string;
    loading: string;
    empty: string;
    newTicket: string;
    department: string;
    paidUnavailable: string;
    paidCost: string;
    costNote: (remaining: number) => string;
    onCredit: (used: number, limit: number) => string;
    noIncidents: string;
    buyIncidents: string;
    buyHeading: string;
    buy: string;
    noPackages: string;
    packageLifetime: (incidents: number) => string;
    packagePerMonth: (incidents: number, months: number) => string;
    purchased: (available: number) => string;
    purchaseDeclined: string;
    incidentsUsed: (n: number) => string;
    subject: string;
    message: string;
    send: string;
    cancel: string;
    back: string;
    reply: string;
    sendReply: string;
    close: string;
    reopen: string;
    you: string;
    support: string;
    updated: (date: string) => string;
    status: Record<string, string>;
    incidentsHeading: string;
    incidentsAvailable: (n: number) => string;
    confirmHeading: string;
    confirmPackage: string;
    confirmAmount: string;
    paidWith: string;
    creditFirst: (amount: string) => string;
    noCard: string;
    confirmBuy: (amount: string) => string;
    messageFrom: (author: string, date: string) => string;
  };
}

/** Texts of the subscription panel in the order details (S1–S7, A1, A2). */
export interface SubscriptionMessages {
  heading: string;
  status: Record<SubscriptionStatus, string>;
  plan: string;
  price: (amount: string, interval: "day" | "week" | "month" | "year", count: number) => string;
  period: string;
  renews: string;
  trialEnds: string;
  endsOn: (date: string) => string;
  cancelledOn: string;
  pausesOn: string;
  resumesOn: string;
  scheduledChange: string;
  changeValue: (plan: string, quantity: number, date: string) => string;
  addons: string;
  coupons: string;
  autocharge: string;
  on: string;
  off: string;
  keep: string;
  reactivate: string;
  pause: string;
  resume: string;
  editPause: string;
  extendTrial: (days: number) => string;
  activateTrial: string;
  changePlan: string;
  undoChange: string;
  autochargeOff: string;
  autochargeOn: string;
  removeCard: string;
  cancelHeading: string;
  when: string;
  timing: Record<"now" | "end_of_term", string>;
  reasonLabel: string;
  reasons: Record<string, string>;
  comment: string;
  offerHeading: string;
  acceptOffer: string;
  cancelAnyway: string;
  endsNow: string;
  endsAt: (date: string) => string;
  confirmCancellation: string;
  changeHeading: string;
  quantityRange: (min: number, max: number | null) => string;
  changeWhen: string;
  review: string;
  credit: string;
  charge: string;
  chargedNow: (amount: string) => string;
  toBalance: (amount: string) => string;
  nothingNow: string;
  nextAmount: (amount: string, date: string) => string;
  changeAt: (date: string) => string;
  confirmChange: string;
  pauseFrom: string;
  resumeOn: string;
  resumeFrom: string;
  /** A pause or resume date when the shop takes dates only (no "now"). */
  pauseOn: string;
  resumeDate: string;
  /** When the shop pauses and resumes only at once, without dates. */
  pausesNow: string;
  resumesNow: string;
  save: string;
  removeSchedule: string;
  reactivateQuestion: string;
  activateQuestion: string;
  confirm: string;
  addAddon: string;
  quantityOf: (name: string) => string;
  add: string;
  update: string;
  remove: (name: string) => string;
  couponCode: string;
  apply: string;
  updated: string;
  outcome: Record<"cancelled" | "cancel_scheduled" | "retained" | "requested", string>;
}

const listeners = new Set<() => void>();
/** Bumped whenever a catalogue arrives or a merchant registers texts: merged catalogues are rebuilt. */
let generation = 0;
function changed(): void {
  generation++;
  for (const listener of listeners) listener();
}

/** A catalogue with every key optional, down to the nested records (functions are given whole). */
export type DeepPartial<T> = T extends (...args: never[]) => unknown ? T : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/** What `registerTranslations` takes: widget texts, and the texts of `<account-details>` under `account`. */
export type TranslationOverrides = DeepPartial<Messages> & { account?: DeepPartial<AccountMessages> };

/** Merchant texts by catalogue ("messages", "account") and lower-case tag ("de", "de-ch", "pt"). */
const registered: Record<string, Record<string, object>> = { messages: {}, account: {} };
/** Tags a merchant gave texts for: they count as spoken (a new "pt" is Portuguese, not English). */
const registeredTags = new Set<string>();

/**
 * The languages the widgets speak: Billfront's own (en, de, fr, es) and those
 * a merchant registered. A locale outside them falls back wholly to English.
 */
export function spokenLanguages(): string[] {
  return [...LANGUAGES, ...registeredTags];
}

/**
 * Resolves a page's or element's locale once (W3) to the tag used for texts
 * AND for Intl dates and amounts: "fr-CA" stays "fr-CA" (French texts,
 * Canadian formats); "pt-BR" or "xx" becomes "en", so no English text ever
 * sits beside Brazilian dates.
 */
export function resolveLocale(locale: string | null | undefined): string {
  return resolveAmong(locale, spokenLanguages()).locale;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `over` laid over `base`, records merged key by key; anything else (a string, a function) replaces. Neither is changed. */
export function deepMerge<T>(base: T, over: unknown): T {
  if (!isRecord(base) || !isRecord(over)) return (over === undefined ? base : over) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) if (value !== undefined) out[key] = key in base ? deepMerge(base[key], value) : value;
  return out as T;
}

/**
 * Lets a merchant change or add texts (W3). For a language Billfront speaks
 * the given keys are laid over its own texts ("de": a different word for
 * "Abonnement"); a region ("de-CH") is laid over its language; any other
 * language ("pt") is laid over English and is spoken from then on, so a
 * partial catalogue shows English for the keys it leaves out. Calls add up;
 * every element re-renders.
 */
export function registerTranslations(locale: string, messages: TranslationOverrides): void {
  // Throws a RangeError for what is not a language tag: a merchant's typo shows at once, not as English later.
  const tag = Intl.getCanonicalLocales(locale.replaceAll("_", "-"))[0]!.toLowerCase();
  const { account, ...widget } = messages;
  registered.messages![tag] = deepMerge(registered.messages![tag] ?? {}, widget);
  if (account) registered.account![tag] = deepMerge(registered.account![tag] ?? {}, account);
  registeredTags.add(tag);
  changed();
}

/** Every catalogue set made so far (the account texts join when their chunk loads). */
const sets: { ready(language: string): boolean; load(language: string): void }[] = [];

/**
 * The locale elements use right now: `resolveLocale`, but English until every
 * catalogue set of that language has arrived (and fetching them), so texts,
 * dates and amounts switch language together (W3).
 */
export function displayLocale(locale: string | null | undefined): string {
  const tag = resolveLocale(locale);
  const language = tag.toLowerCase().split("-")[0]!;
  const waiting = sets.filter((set) => !set.ready(language));
  for (const set of waiting) set.load(language);
  return waiting.length ? resolveLocale("en") : tag;
}

/**
 * A set of catalogues of which English travels with the code and every other
 * language is its own chunk, fetched for the locale a page uses (W7). `get`
 * resolves the locale (see `resolveLocale`): `de-AT` reads German, a
 * language Billfront does not speak reads English; a catalogue not yet
 * loaded is fetched, and every element re-renders when it arrives. A
 * merchant's registered texts are laid over the result.
 */
export function lazyCatalogues<T>(name: string, english: T, loaders: Record<string, () => Promise<T>>) {
  const catalogs: Record<string, T> = { en: english };
  sets.push({ ready: (language) => !loaders[language] || language in catalogs, load: (language) => void load(language) });
  const loading: Record<string, Promise<void>> = {};
  const merged = new Map<string, T>();
  let mergedAt = generation;
  const load = (language: string): Promise<void> => {
    const loader = loaders[language];
    if (catalogs[language] || !loader) return Promise.resolve();
    loading[language] ??= loader().then((messages) => {
      catalogs[language] = messages;
      changed();
    });
    return loading[language];
  };
  return {
    get(locale: string | undefined): T {
      const tag = resolveLocale(locale).toLowerCase();
      const language = tag.split("-")[0]!;
      const own = catalogs[language];
      if (!own) void load(language);
      if (mergedAt !== generation) {
        merged.clear();
        mergedAt = generation;
      }
      const key = `${own ? language : "en"}|${tag}`;
      let result = merged.get(key);
      if (!result) {
        const overrides = registered[name] ?? {};
        result = deepMerge(deepMerge(own ?? english, overrides[language]), tag === language ? undefined : overrides[tag]);
        merged.set(key, result);
      }
      return result;
    },
    load,
    /** The languages this set has texts of (loaded or not). */
    languages: ["en", ...Object.keys(loaders)],
  };
}

const shared = lazyCatalogues<Messages>("messages", en, {
  de: () => import("./de.ts").then((m) => m.de),
  fr: () => import("./fr.ts").then((m) => m.fr),
  es: () => import("./es.ts").then((m) => m.es),
});

/** The widgets' texts for a BCP 47 locale (see `lazyCatalogues`). */
export function messagesFor(locale: string | undefined): Messages {
  return shared.get(locale);
}

/** Fetches a language's texts; resolves once they are in use. */
export const loadCatalog = shared.load;

/** Calls `listener` whenever texts change (a catalogue arrives, a merchant registers texts, the shop's time zone is known); returns the unsubscribe. */
export function onCatalogLoaded(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Tells every element to re-render: something they format with changed (the shop's time zone). */
export function notifyTextsChanged(): void {
  changed();
}
