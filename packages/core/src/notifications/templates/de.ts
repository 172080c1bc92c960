import type { Catalogue } from "./catalogue.ts";
import type { CancelReason, ForwardedKind } from "./vars.ts";

const kind: Record<ForwardedKind, string> = { invoice: "die Rechnung", receipt: "die Quittung", credit_note: "die Gutschrift" };
const title: Record<ForwardedKind, string> = { invoice: "Rechnung", receipt: "Quittung", credit_note: "Gutschrift" };
const ended: Record<CancelReason, string> = {
  customer: "wie von Ihnen gewünscht",
  end_of_term: "wie von Ihnen gewünscht zum Ende der Laufzeit",
  request_approved: "der Shop hat Ihrer Anfrage zugestimmt",
  refunded: "Sie haben die Zahlung für diesen Zeitraum zurückerhalten",
  payment_failed: "wir konnten die Zahlung nicht einziehen",
  shop: "der Shop hat es beendet",
};

/** German copy of every message (formal "Sie"). */
export const de: Catalogue = {
  language: "de",
  greeting: (name) => (name ? `Hallo ${name},` : "Guten Tag,"),
  signOff: (merchant) => ["Viele Grüße", merchant],
  footer: (merchant) => `Sie erhalten diese E-Mail, weil Sie ein Kundenkonto bei ${merchant} haben.`,
  linkHelp: "Falls die Schaltfläche nicht funktioniert, kopieren Sie diese Adresse in Ihren Browser:",
  templates: {
    welcome: (v) => ({
      subject: `Willkommen bei ${v.merchant}`,
      paragraphs: [`Ihr Kundenkonto bei ${v.merchant} ist eingerichtet. Ihre Bestellungen, Rechnungen und Zahlungsmittel sehen Sie jederzeit auf der Website des Shops.`],
    }),
    portal_invite: (v) => ({
      subject: `Ihr Kundenkonto bei ${v.merchant}`,
      paragraphs: ["Vielen Dank für Ihre Bestellung. In Ihrem Kundenkonto sehen Sie Bestellungen und Rechnungen, bezahlen, ändern Ihre Karte und verwalten Ihr Abonnement."],
      action: { label: "Kundenkonto öffnen", url: v.link },
      after: ["Zu Ihrer Sicherheit funktioniert der Link nur einmal und nur kurze Zeit; ist er abgelaufen, bitten Sie den Shop um einen neuen."],
      sms: `${v.merchant}: Ihr Kundenkonto ist bereit: ${v.link}`,
    }),
    resend_link: (v) => ({
      subject: `Ihr neuer Link zu ${v.merchant}`,
      paragraphs: ["Hier ist der neue Link, den Sie angefordert haben. Er öffnet Ihr Kundenkonto."],
      action: { label: "Kundenkonto öffnen", url: v.link },
      after: ["Der Link funktioniert einmal. Falls Sie ihn nicht angefordert haben, können Sie diese E-Mail ignorieren."],
      sms: `${v.merchant}: Ihr neuer Link: ${v.link}`,
    }),
    sign_in_code: (v) => ({
      subject: `Ihr Anmeldecode für ${v.merchant}: ${v.code}`,
      paragraphs: ["Geben Sie diesen Code ein, um sich in Ihrem Kundenkonto anzumelden:"],
      code: v.code,
      action: { label: "Anmelden", url: v.link },
      after: ["Der Code läuft in wenigen Minuten ab. Falls Sie sich nicht anmelden wollten, können Sie diese E-Mail ignorieren."],
      sms: `${v.code} ist Ihr Anmeldecode für ${v.merchant}. Oder hier anmelden: ${v.link}`,
    }),
    refund_confirmation: (v) => ({
      subject: `Ihre Erstattung über ${v.amount} von ${v.merchant}`,
      paragraphs: [
        `Wir haben ${v.amount} für die Bestellung ${v.order} erstattet. Die Gutschrift ${v.credit_note} finden Sie in Ihrem Zahlungsverlauf.`,
        "Je nach Bank dauert es einige Tage, bis der Betrag auf Ihrem Kontoauszug erscheint.",
      ],
    }),
    void_confirmation: (v) => ({
      subject: `Ihre Zahlung über ${v.amount} an ${v.merchant} wurde storniert`,
      paragraphs: [`Wir haben Ihre Zahlung über ${v.amount} für die Bestellung ${v.order} storniert, bevor sie eingezogen wurde. Sie wird nicht belastet.`],
    }),
    merchant_activity: (v) => ({
      subject: `${({ payment: "Zahlung im Portal", refund_request: "Erstattungsanfrage", cancellation_request: "Kündigungsanfrage", ticket: "Neues Ticket", ticket_reply: "Antwort des Kunden" })[v.kind]} von ${v.customer}: ${v.subject}`,
      paragraphs: [
        `${v.customer} ${({ payment: "hat im Abrechnungsportal bezahlt:", refund_request: "bittet im Abrechnungsportal um Erstattung:", cancellation_request: "bittet im Abrechnungsportal um Kündigung:", ticket: "hat im Abrechnungsportal ein Ticket eröffnet:", ticket_reply: "hat im Abrechnungsportal geantwortet:" })[v.kind]} ${v.subject}.`,
        "Die Einzelheiten finden Sie in der Händler-API und im Audit-Log.",
      ],
      footer: `Sie erhalten diese E-Mail, weil Ihre Adresse bei ${v.merchant} für Aktivitätsmeldungen eingetragen ist.`,
    }),
    refund_dropped: (v) => ({
      subject: `Erstattung ${v.refund} konnte nicht abgeschlossen werden`,
      paragraphs: [`Der Zahlungsanbieter hat die Erstattung ${v.refund} über ${v.amount} an ${v.customer} (Bestellung ${v.order}) bei jedem Versuch abgelehnt; sie wurde aus der Wiederholungswarteschlange entfernt. Bitte erstatten Sie den Betrag auf anderem Weg.`],
      footer: `Sie erhalten diese E-Mail, weil Ihre Adresse bei ${v.merchant} für Abrechnungshinweise eingetragen ist.`,
    }),
    card_expiring: (v) => ({
      subject: `Ihre Karte mit der Endung ${v.last4} läuft bald ab`,
      paragraphs: [`Ihre ${v.brand}-Karte mit der Endung ${v.last4}, die Sie bei ${v.merchant} nutzen, läuft Ende ${v.expiry} ab. Damit Ihre Abonnements weiterlaufen, hinterlegen Sie bitte eine neue Karte.`],
      action: { label: "Karte aktualisieren", url: v.link },
      sms: `${v.merchant}: Ihre Karte mit der Endung ${v.last4} läuft ${v.expiry} ab. Jetzt aktualisieren: ${v.link}`,
    }),
    card_expired: (v) => ({
      subject: `Ihre Karte mit der Endung ${v.last4} ist abgelaufen`,
      paragraphs: [`Ihre ${v.brand}-Karte mit der Endung ${v.last4}, die Sie bei ${v.merchant} nutzen, ist Ende ${v.expiry} abgelaufen und kann nicht mehr belastet werden. Bitte hinterlegen Sie eine neue Karte.`],
      action: { label: "Neue Karte hinterlegen", url: v.link },
      sms: `${v.merchant}: Ihre Karte mit der Endung ${v.last4} ist abgelaufen. Neue Karte hinterlegen: ${v.link}`,
    }),
    support_fee: (v) => ({
      subject: `Eine Supportgebühr über ${v.amount} von ${v.merchant}`,
      paragraphs: [`${v.merchant} hat für Ihr Ticket „${v.ticket}“ eine Supportgebühr von ${v.amount} berechnet. Sie wurde von Ihrem Guthaben abgezogen, das jetzt ${v.balance} beträgt.`],
    }),
    renewal_declined: (v) => ({
      subject: `Wir konnten ${v.amount} für Ihr Abonnement ${v.plan} nicht einziehen`,
      paragraphs: [`Ihre Karte wurde für die Rechnung ${v.invoice} (${v.amount}) abgelehnt. Wir versuchen es am ${v.retry_on} erneut. Damit es keine Unterbrechung gibt, aktualisieren Sie bitte Ihre Karte.`],
      action: { label: "Karte aktualisieren", url: v.link },
      sms: `${v.merchant}: Ihre Zahlung über ${v.amount} wurde abgelehnt. Karte aktualisieren: ${v.link}`,
    }),
    renewal_invoice: (v) => ({
      subject: `Rechnung ${v.invoice} für Ihr Abonnement ${v.plan}`,
      paragraphs: [`Ihr Abonnement ${v.plan} wurde verlängert. Die Rechnung ${v.invoice} über ${v.amount} ist zur Zahlung bereit.`],
      action: { label: "Rechnung bezahlen", url: v.link },
    }),
    renewal_unpaid: (v) => ({
      subject: `Rechnung ${v.invoice} ist noch offen`,
      paragraphs: [`Wir konnten ${v.amount} für die Rechnung ${v.invoice} auch nach mehreren Versuchen nicht einziehen. Ihr Abonnement ${v.plan} läuft weiter; bitte bezahlen Sie die Rechnung oder aktualisieren Sie Ihre Karte.`],
      action: { label: "Bezahlen oder Karte ändern", url: v.link },
      sms: `${v.merchant}: Rechnung ${v.invoice} (${v.amount}) ist offen. Hier bezahlen: ${v.link}`,
    }),
    pay_order: (v) => ({
      subject: `Bestellung ${v.order}: ${v.amount} zu zahlen`,
      paragraphs: [`Ihre Bestellung ${v.order} bei ${v.merchant} wartet auf die Zahlung von ${v.amount}.`],
      action: { label: `${v.amount} bezahlen`, url: v.link },
      after: ["Der Zahlungslink läuft nach sieben Tagen ab."],
      sms: `${v.merchant}: Bestellung ${v.order} (${v.amount}) hier bezahlen: ${v.link}`,
    }),
    subscription_cancelled: (v) => ({
      subject: `Ihr Abonnement ${v.plan} wurde beendet`,
      paragraphs: [`Ihr Abonnement ${v.plan} bei ${v.merchant} wurde gekündigt: ${ended[v.reason]}. Sie können jederzeit über die Website des Shops ein neues Abonnement abschließen.`],
    }),
    cancellation_scheduled: (v) => ({
      subject: `Ihr Abonnement ${v.plan} endet am ${v.ends_on}`,
      paragraphs: [`Wie gewünscht endet Ihr Abonnement ${v.plan} am ${v.ends_on}, zum Ende des bezahlten Zeitraums. Es wird nichts mehr abgebucht.`, "Sie haben es sich anders überlegt? Bis dahin können Sie es in Ihrem Kundenkonto fortsetzen."],
    }),
    subscription_paused: (v) => ({
      subject: `Ihr Abonnement ${v.plan} ist pausiert`,
      paragraphs: [
        `Ihr Abonnement ${v.plan} ist ab dem ${v.paused_on} pausiert. Während der Pause wird nichts abgebucht.`,
        v.resumes_on ? `Es wird am ${v.resumes_on} fortgesetzt.` : "Es bleibt pausiert, bis Sie es in Ihrem Kundenkonto fortsetzen.",
      ],
    }),
    document_forward: (v) => ({
      subject: `${v.sender} hat Ihnen ${kind[v.kind]} ${v.document} von ${v.merchant} gesendet`,
      heading: `${title[v.kind]} ${v.document}`,
      paragraphs: [`${v.sender} hat Ihnen ${kind[v.kind]} ${v.document} von ${v.merchant} weitergeleitet. Sie finden sie als PDF im Anhang.`],
      footer: `Sie erhalten diese E-Mail, weil Ihre Adresse im Kundenkonto von ${v.sender} bei ${v.merchant} eingegeben wurde. Ihre Adresse wird für nichts anderes gespeichert.`,
    }),
    staff_sign_in_code: (v) => ({
      subject: `Ihr Anmeldecode für die Mitarbeiterkonsole von ${v.merchant}: ${v.code}`,
      paragraphs: [`Geben Sie diesen Code ein, um sich bei der Mitarbeiterkonsole von ${v.merchant} anzumelden:`],
      code: v.code,
      after: [`Der Code gilt ${v.minutes} Minuten. Wenn Sie sich nicht anmelden wollten, ignorieren Sie diese E-Mail und informieren Sie Ihre Administration.`],
    }),
    email_change_code: (v) => ({
      subject: `Bestätigen Sie Ihre neue E-Mail-Adresse bei ${v.merchant}`,
      paragraphs: [`Um diese Adresse für Ihr Konto bei ${v.merchant} zu verwenden, geben Sie dort, wo Sie die Änderung angefordert haben, diesen Code ein:`],
      code: v.code,
      after: [`Der Code gilt ${v.minutes} Minuten. Wenn Sie das nicht angefordert haben, ignorieren Sie diese E-Mail: Es ändert sich nichts.`],
    }),
    email_change_requested: (v) => ({
      subject: `Eine Änderung Ihrer E-Mail-Adresse bei ${v.merchant} wurde angefordert`,
      paragraphs: [`Jemand hat angefordert, die E-Mail-Adresse Ihres Kontos bei ${v.merchant} in ${v.new_email} zu ändern. Sie ändert sich erst, wenn ein an diese Adresse gesendeter Code eingegeben wird. Wenn Sie das nicht waren, wenden Sie sich an ${v.merchant}.`],
    }),
  },
};
