import { negotiateLocale } from "./sign-in-copy.ts";

/** The words of the link pages (P2): the confirm page and why a link cannot be used, in each language the widgets speak. */
export interface LinkCopy {
  lang: string;
  title: string;
  text: string;
  continue: string;
  incomplete: string;
  cannotUse: string;
  errors: Record<string, string>;
}

const en: LinkCopy = {
  lang: "en",
  title: "Continue to your account",
  text: "For your security, this link works once. Continue to open it.",
  continue: "Continue",
  incomplete: "This link is incomplete. Open it exactly as it arrived in your e-mail.",
  cannotUse: "This link cannot be used",
  errors: {
    rate_limited: "Too many links were opened from your network. Please wait a few minutes and try again.",
    link_used: "This link was already used. Ask the shop for a new one.",
    payment_link_paid: "This order is already paid. Your receipt is in your e-mail.",
    portal_disabled: "This shop's billing portal is not available.",
    self_sign_in_disabled: "This shop no longer offers sign-in by e-mail. Open your account from the shop's website.",
    customer_blacklisted: "This link cannot be used. Please contact the shop.",
    link_expired: "This link has expired. Ask the shop for a new one.",
    other: "This link is not valid.",
  },
};

const de: LinkCopy = {
  lang: "de",
  title: "Weiter zu Ihrem Kundenkonto",
  text: "Zu Ihrer Sicherheit funktioniert dieser Link nur einmal. Fahren Sie fort, um ihn zu öffnen.",
  continue: "Weiter",
  incomplete: "Dieser Link ist unvollständig. Öffnen Sie ihn genau so, wie er in Ihrer E-Mail steht.",
  cannotUse: "Dieser Link kann nicht verwendet werden",
  errors: {
    rate_limited: "Aus Ihrem Netzwerk wurden zu viele Links geöffnet. Bitte warten Sie einige Minuten und versuchen Sie es erneut.",
    link_used: "Dieser Link wurde bereits verwendet. Bitten Sie den Shop um einen neuen.",
    payment_link_paid: "Diese Bestellung ist bereits bezahlt. Ihre Quittung finden Sie in Ihrer E-Mail.",
    portal_disabled: "Der Kundenbereich dieses Shops ist nicht verfügbar.",
    self_sign_in_disabled: "Dieser Shop bietet die Anmeldung per E-Mail nicht mehr an. Öffnen Sie Ihr Konto über die Website des Shops.",
    customer_blacklisted: "Dieser Link kann nicht verwendet werden. Bitte wenden Sie sich an den Shop.",
    link_expired: "Dieser Link ist abgelaufen. Bitten Sie den Shop um einen neuen.",
    other: "Dieser Link ist ungültig.",
  },
};

const fr: LinkCopy = {
  lang: "fr",
  title: "Continuer vers votre compte",
  text: "Pour votre sécurité, ce lien ne fonctionne qu’une fois. Continuez pour l’ouvrir.",
  continue: "Continuer",
  incomplete: "Ce lien est incomplet. Ouvrez-le exactement tel qu’il figure dans votre e-mail.",
  cannotUse: "Ce lien ne peut pas être utilisé",
  errors: {
    rate_limited: "Trop de liens ont été ouverts depuis votre réseau. Veuillez patienter quelques minutes et réessayer.",
    link_used: "Ce lien a déjà été utilisé. Demandez-en un nouveau à la boutique.",
    payment_link_paid: "Cette commande est déjà payée. Votre reçu se trouve dans vos e-mails.",
    portal_disabled: "L’espace de facturation de cette boutique n’est pas disponible.",
    self_sign_in_disabled: "Cette boutique ne propose plus la connexion par e-mail. Ouvrez votre compte depuis le site de la boutique.",
    customer_blacklisted: "Ce lien ne peut pas être utilisé. Veuillez contacter la boutique.",
    link_expired: "Ce lien a expiré. Demandez-en un nouveau à la boutique.",
    other: "Ce lien n’est pas valable.",
  },
};

const es: LinkCopy = {
  lang: "es",
  title: "Continuar a tu cuenta",
  text: "Por tu seguridad, este enlace solo funciona una vez. Continúa para abrirlo.",
  continue: "Continuar",
  incomplete: "Este enlace está incompleto. Ábrelo tal como aparece en tu correo.",
  cannotUse: "Este enlace no se puede usar",
  errors: {
    rate_limited: "Se han abierto demasiados enlaces desde tu red. Espera unos minutos e inténtalo de nuevo.",
    link_used: "Este enlace ya se ha usado. Pide uno nuevo a la tienda.",
    payment_link_paid: "Este pedido ya está pagado. Tienes el recibo en tu correo.",
    portal_disabled: "El área de facturación de esta tienda no está disponible.",
    self_sign_in_disabled: "Esta tienda ya no ofrece inicio de sesión por correo. Abre tu cuenta desde el sitio web de la tienda.",
    customer_blacklisted: "Este enlace no se puede usar. Ponte en contacto con la tienda.",
    link_expired: "Este enlace ha caducado. Pide uno nuevo a la tienda.",
    other: "Este enlace no es válido.",
  },
};

const COPY = { en, de, fr, es } as const;

/** The link pages' words for the browser's languages (`Accept-Language`), wholly English when none is spoken here. */
export function linkCopy(acceptLanguage: string | undefined): LinkCopy {
  return COPY[negotiateLocale(undefined, acceptLanguage, "en")];
}
