import { accountEn } from "./account-en.ts";
import { lazyCatalogues } from "./messages.ts";

/**
 * Texts of <account-details> (A3). Apart from the shared catalogue (en.ts, de.ts)
 * because they travel in the element's lazy chunk, not in the script-tag entry (W7).
 */
export interface AccountMessages {
  heading: string;
  loading: string;
  empty: string;
  notGiven: string;
  labels: { name: string; email: string; phone: string; billingAddress: string; taxId: string };
  address: { line1: string; line2: string; postal_code: string; city: string; region: string; country: string; chooseCountry: string };
  taxIdValue: string;
  taxIdType: string;
  taxTypeNone: string;
  taxTypes: Record<string, string>;
  requiredNote: string;
  readOnly: string;
  edit: string;
  save: string;
  saving: string;
  cancel: string;
  saved: string;
  nothingChanged: string;
  checkFields: string;
  confirmHeading: string;
  codeSentTo: (email: string, current: string) => string;
  codeValidUntil: (time: string) => string;
  codeLabel: string;
  confirm: string;
  resend: string;
  keepCurrent: string;
  newCodeSent: (email: string) => string;
  confirmed: (email: string) => string;
  changeCancelled: string;
  wrongCode: (left: number) => string;
  /** A field refused by the API, by its error `code`. */
  fieldErrors: Record<string, string>;
  /** A refusal of the whole request, by the problem's `code`. */
  errors: Record<string, string>;
  retryAfter: (seconds: number) => string;
}

const catalogs = lazyCatalogues<AccountMessages>("account", accountEn, {
  de: () => import("./account-de.ts").then((m) => m.accountDe),
  fr: () => import("./account-fr.ts").then((m) => m.accountFr),
  es: () => import("./account-es.ts").then((m) => m.accountEs),
});

/** Account texts for a BCP 47 locale (each language its own chunk, see `lazyCatalogues`). */
export function accountMessagesFor(locale: string | undefined): AccountMessages {
  return catalogs.get(locale);
}
