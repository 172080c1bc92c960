import type { HostedMessages } from "./messages.ts";

type Ended = keyof HostedMessages["ended"];

/** sessionStorage may be unavailable (privacy settings): the page then works until reloaded. */
function read(key: string): string | null {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, value);
  } catch {
    // nothing kept: see read()
  }
}

/**
 * What the hosted portal keeps for one merchant in this browser tab
 * (sessionStorage: gone when the tab closes, never sent to a server): the
 * session token, where "back to the shop" goes (the session's own validated
 * return URL, never the address bar's), why the session ended, the language.
 */
export function storedSession(merchant: string) {
  const key = (name: string) => `billfront.${name}.${merchant}`;
  return {
    get token(): string | null {
      return read(key("session"));
    },
    set token(value: string | null) {
      write(key("session"), value);
    },
    get returnUrl(): string | null {
      const url = read(key("return"));
      return url && /^https?:\/\//i.test(url) ? url : null;
    },
    set returnUrl(value: string | null) {
      write(key("return"), value);
    },
    get ended(): Ended | null {
      return read(key("ended")) as Ended | null;
    },
    set ended(value: Ended | null) {
      write(key("ended"), value);
    },
    get locale(): string | null {
      return read(key("locale"));
    },
    set locale(value: string | null) {
      write(key("locale"), value);
    },
    /**
     * Moves a session token from the address fragment (`#session=...`) into
     * storage and clears it from the address bar and history. A token of
     * another merchant is dropped.
     */
    takeFromFragment(): string | undefined {
      const token = new URLSearchParams(location.hash.slice(1)).get("session");
      if (token === null) return undefined;
      history.replaceState(null, "", location.pathname + location.search);
      if (!token.startsWith(`bfps.${merchant}.`)) return undefined;
      this.token = token;
      this.ended = null;
      return token;
    },
  };
}
