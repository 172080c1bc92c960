/** The languages the hosted sign-in page speaks (the widgets' languages). */
export const SIGN_IN_LOCALES = ["en", "de"] as const;
export type SignInLocale = (typeof SIGN_IN_LOCALES)[number];

/** Every word of the sign-in page, and the message for each problem `code` the sign-in API answers with. */
export const SIGN_IN_COPY = {
  en: {
    title: "Sign in to your account",
    intro: "Enter the e-mail address you use with {shop}. We will send you a code and a link to sign in.",
    email: "E-mail address",
    send: "Send code",
    sending: "Sending…",
    codeTitle: "Check your e-mail",
    codeIntro: "If {email} belongs to an account here, a 6-digit code is on its way. It works once, for 15 minutes. You can also open the link in the e-mail.",
    code: "6-digit code",
    codeHint: "Only digits, as in the e-mail.",
    verify: "Sign in",
    verifying: "Signing in…",
    otherAddress: "Use another address",
    resend: "Send a new code",
    resent: "A new code is on its way if the address belongs to an account.",
    mfaTitle: "Two-step verification",
    mfaIntro: "Enter the 6-digit code your authenticator app shows for {shop}.",
    mfaCode: "Authenticator code",
    useRecovery: "Use a recovery code instead",
    useTotp: "Use the authenticator app instead",
    recoveryCode: "Recovery code",
    recoveryHint: "One of the ten codes you saved, such as abcd-2345. Each works once.",
    enrolTitle: "Set up two-step verification",
    enrolIntro: "{shop} asks you to protect your account with an authenticator app. Scan the QR code with the app, or type the key into it, then enter the code the app shows.",
    qrAlt: "QR code to add this account to your authenticator app",
    secretLabel: "Key to type in by hand",
    confirm: "Turn on two-step verification",
    recoveryTitle: "Save your recovery codes",
    recoveryIntro: "If you lose your phone, each of these codes signs you in once instead of the app. Keep them somewhere safe; they are shown only now.",
    savedThem: "I have saved my recovery codes",
    continue: "Continue to your account",
    loading: "Loading…",
    unavailableTitle: "Sign-in is not available",
    notFound: "This sign-in page does not exist. Open your account from the shop's website.",
    errors: {
      self_sign_in_disabled: "This shop does not offer sign-in by e-mail. Open your account from the shop's website.",
      portal_disabled: "This shop's billing portal is not available.",
      rate_limited: "Too many attempts. Please wait {seconds} seconds and try again.",
      sign_in_code_invalid: "That code is not right. Check the e-mail and try again.",
      sign_in_code_expired: "That code has expired. Send a new one.",
      too_many_attempts: "Too many wrong codes: this code no longer works. Send a new one.",
      mfa_code_invalid: "That code is not right. Try the newest code from your app.",
      mfa_challenge_invalid: "This sign-in step has ended. Start again.",
      mfa_challenge_expired: "This sign-in step took too long. Start again.",
      validation_failed: "Please check what you entered.",
      session_invalid: "Your sign-in has ended. Start again.",
      session_expired: "Your sign-in has ended. Start again.",
      network: "We could not reach the server. Check your connection and try again.",
      generic: "Something went wrong. Please try again.",
      empty_email: "Enter your e-mail address.",
      empty_code: "Enter the 6-digit code.",
      unsaved: "Tick the box once you have saved the codes.",
    },
  },
  de: {
    title: "In Ihrem Konto anmelden",
    intro: "Geben Sie die E-Mail-Adresse ein, die Sie bei {shop} verwenden. Wir senden Ihnen einen Code und einen Anmeldelink.",
    email: "E-Mail-Adresse",
    send: "Code senden",
    sending: "Wird gesendet…",
    codeTitle: "Sehen Sie in Ihr Postfach",
    codeIntro: "Wenn zu {email} ein Konto gehört, ist ein 6-stelliger Code unterwegs. Er gilt einmal, 15 Minuten lang. Sie können auch den Link in der E-Mail öffnen.",
    code: "6-stelliger Code",
    codeHint: "Nur Ziffern, wie in der E-Mail.",
    verify: "Anmelden",
    verifying: "Anmeldung läuft…",
    otherAddress: "Andere Adresse verwenden",
    resend: "Neuen Code senden",
    resent: "Ein neuer Code ist unterwegs, wenn zu der Adresse ein Konto gehört.",
    mfaTitle: "Bestätigung in zwei Schritten",
    mfaIntro: "Geben Sie den 6-stelligen Code ein, den Ihre Authenticator-App für {shop} anzeigt.",
    mfaCode: "Authenticator-Code",
    useRecovery: "Stattdessen einen Wiederherstellungscode verwenden",
    useTotp: "Stattdessen die Authenticator-App verwenden",
    recoveryCode: "Wiederherstellungscode",
    recoveryHint: "Einer der zehn gespeicherten Codes, z. B. abcd-2345. Jeder gilt einmal.",
    enrolTitle: "Bestätigung in zwei Schritten einrichten",
    enrolIntro: "{shop} bittet Sie, Ihr Konto mit einer Authenticator-App zu schützen. Scannen Sie den QR-Code mit der App oder tippen Sie den Schlüssel ein und geben Sie dann den angezeigten Code ein.",
    qrAlt: "QR-Code, um dieses Konto zu Ihrer Authenticator-App hinzuzufügen",
    secretLabel: "Schlüssel zum Eintippen",
    confirm: "Bestätigung in zwei Schritten einschalten",
    // A soft hyphen: the long word must break on a 360 px screen, and at the right place.
    recoveryTitle: "Wiederherstellungs\u00ADcodes speichern",
    recoveryIntro: "Falls Sie Ihr Telefon verlieren, meldet Sie jeder dieser Codes einmal statt der App an. Bewahren Sie sie sicher auf; sie werden nur jetzt angezeigt.",
    savedThem: "Ich habe meine Wiederherstellungscodes gespeichert",
    continue: "Weiter zu Ihrem Konto",
    loading: "Wird geladen…",
    unavailableTitle: "Anmeldung nicht verfügbar",
    notFound: "Diese Anmeldeseite gibt es nicht. Öffnen Sie Ihr Konto über die Website des Shops.",
    errors: {
      self_sign_in_disabled: "Dieser Shop bietet keine Anmeldung per E-Mail an. Öffnen Sie Ihr Konto über die Website des Shops.",
      portal_disabled: "Das Kundenkonto dieses Shops ist nicht verfügbar.",
      rate_limited: "Zu viele Versuche. Bitte warten Sie {seconds} Sekunden und versuchen Sie es erneut.",
      sign_in_code_invalid: "Der Code stimmt nicht. Prüfen Sie die E-Mail und versuchen Sie es erneut.",
      sign_in_code_expired: "Der Code ist abgelaufen. Fordern Sie einen neuen an.",
      too_many_attempts: "Zu viele falsche Codes: Dieser Code gilt nicht mehr. Fordern Sie einen neuen an.",
      mfa_code_invalid: "Der Code stimmt nicht. Verwenden Sie den neuesten Code aus Ihrer App.",
      mfa_challenge_invalid: "Dieser Anmeldeschritt ist beendet. Beginnen Sie von vorn.",
      mfa_challenge_expired: "Dieser Anmeldeschritt hat zu lange gedauert. Beginnen Sie von vorn.",
      validation_failed: "Bitte prüfen Sie Ihre Eingabe.",
      session_invalid: "Ihre Anmeldung ist beendet. Beginnen Sie von vorn.",
      session_expired: "Ihre Anmeldung ist beendet. Beginnen Sie von vorn.",
      network: "Der Server ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.",
      generic: "Etwas ist schiefgegangen. Bitte versuchen Sie es erneut.",
      empty_email: "Geben Sie Ihre E-Mail-Adresse ein.",
      empty_code: "Geben Sie den 6-stelligen Code ein.",
      unsaved: "Setzen Sie das Häkchen, sobald Sie die Codes gespeichert haben.",
    },
  },
} satisfies Record<SignInLocale, Record<string, unknown>>;

export type SignInCopy = (typeof SIGN_IN_COPY)["en"];

/** ?locale= first, then the browser's Accept-Language (by weight), then the shop's default; English otherwise. */
export function negotiateLocale(query: string | undefined, acceptLanguage: string | undefined, fallback: string | undefined): SignInLocale {
  const pick = (tag: string | undefined) => SIGN_IN_LOCALES.find((l) => tag?.toLowerCase().split("-")[0] === l);
  const fromQuery = pick(query);
  if (fromQuery) return fromQuery;
  const ranked = (acceptLanguage ?? "")
    .split(",")
    .map((part) => {
      const [tag, ...params] = part.trim().split(";");
      const q = Number(params.find((p) => p.trim().startsWith("q="))?.trim().slice(2) ?? 1);
      return { tag: tag?.trim(), q: Number.isFinite(q) ? q : 0 };
    })
    .filter((e) => e.tag && e.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const entry of ranked) {
    const match = pick(entry.tag);
    if (match) return match;
  }
  return pick(fallback) ?? "en";
}
