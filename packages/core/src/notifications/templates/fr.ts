import type { Catalogue } from "./catalogue.ts";
import type { CancelReason, ForwardedKind } from "./vars.ts";

const kind: Record<ForwardedKind, string> = { invoice: "la facture", receipt: "le reçu", credit_note: "l’avoir" };
const title: Record<ForwardedKind, string> = { invoice: "Facture", receipt: "Reçu", credit_note: "Avoir" };
const ended: Record<CancelReason, string> = {
  customer: "comme vous l’avez demandé",
  end_of_term: "comme vous l’avez demandé, à la fin de la période",
  request_approved: "la boutique a accepté votre demande",
  refunded: "vous avez demandé le remboursement de cette période",
  payment_failed: "nous n’avons pas pu encaisser le paiement",
  shop: "la boutique y a mis fin",
};

/** French copy of every message (formal "vous"). */
export const fr: Catalogue = {
  language: "fr",
  greeting: (name) => (name ? `Bonjour ${name},` : "Bonjour,"),
  signOff: (merchant) => ["Cordialement,", merchant],
  footer: (merchant) => `Vous recevez cet e-mail parce que vous avez un compte chez ${merchant}.`,
  linkHelp: "Si le bouton ne fonctionne pas, copiez cette adresse dans votre navigateur :",
  templates: {
    welcome: (v) => ({
      subject: `Bienvenue chez ${v.merchant}`,
      paragraphs: [`Votre compte chez ${v.merchant} est prêt. Vous pouvez consulter à tout moment vos commandes, vos factures et vos moyens de paiement depuis le site de la boutique.`],
    }),
    portal_invite: (v) => ({
      subject: `Votre espace de facturation chez ${v.merchant}`,
      paragraphs: ["Merci pour votre commande. Dans votre espace de facturation, vous pouvez consulter vos commandes et vos factures, payer, mettre à jour votre carte et gérer votre abonnement."],
      action: { label: "Ouvrir mon espace de facturation", url: v.link },
      after: ["Pour votre sécurité, le lien ne fonctionne qu’une fois et pendant peu de temps ; s’il a expiré, demandez-en un nouveau à la boutique."],
      sms: `${v.merchant} : votre espace de facturation est prêt : ${v.link}`,
    }),
    resend_link: (v) => ({
      subject: `Votre nouveau lien vers ${v.merchant}`,
      paragraphs: ["Voici le nouveau lien que vous avez demandé. Il ouvre votre espace de facturation."],
      action: { label: "Ouvrir mon espace de facturation", url: v.link },
      after: ["Le lien ne fonctionne qu’une fois. Si vous ne l’avez pas demandé, vous pouvez ignorer cet e-mail."],
      sms: `${v.merchant} : votre nouveau lien : ${v.link}`,
    }),
    sign_in_code: (v) => ({
      subject: `Votre code de connexion pour ${v.merchant} : ${v.code}`,
      paragraphs: ["Saisissez ce code pour vous connecter à votre espace de facturation :"],
      code: v.code,
      action: { label: "Se connecter", url: v.link },
      after: ["Le code expire dans quelques minutes. Si vous n’avez pas essayé de vous connecter, vous pouvez ignorer cet e-mail."],
      sms: `${v.code} est votre code de connexion ${v.merchant}. Ou connectez-vous ici : ${v.link}`,
    }),
    refund_confirmation: (v) => ({
      subject: `Votre remboursement de ${v.amount} par ${v.merchant}`,
      paragraphs: [
        `Nous avons remboursé ${v.amount} pour la commande ${v.order}. L’avoir ${v.credit_note} figure dans votre historique de facturation.`,
        "Selon votre banque, il faut quelques jours pour qu’il apparaisse sur votre relevé.",
      ],
    }),
    void_confirmation: (v) => ({
      subject: `Votre paiement de ${v.amount} à ${v.merchant} a été annulé`,
      paragraphs: [`Nous avons annulé votre paiement de ${v.amount} pour la commande ${v.order} avant son encaissement : il ne vous sera pas débité.`],
    }),
    merchant_activity: (v) => ({
      subject: `${({ payment: "Paiement dans le portail", refund_request: "Demande de remboursement", cancellation_request: "Demande de résiliation", ticket: "Nouveau ticket", ticket_reply: "Réponse d’un client" })[v.kind]} de ${v.customer} : ${v.subject}`,
      paragraphs: [
        `${v.customer} ${({ payment: "a payé dans le portail de facturation :", refund_request: "demande un remboursement dans le portail de facturation :", cancellation_request: "demande une résiliation dans le portail de facturation :", ticket: "a ouvert un ticket dans le portail de facturation :", ticket_reply: "a répondu dans le portail de facturation :" })[v.kind]} ${v.subject}.`,
        "Vous trouverez les détails dans l’API marchand et dans le journal d’audit.",
      ],
      footer: `Vous recevez cet e-mail parce que votre adresse figure dans la liste de ${v.merchant} pour les e-mails d’activité.`,
    }),
    refund_dropped: (v) => ({
      subject: `Le remboursement ${v.refund} n’a pas pu être effectué`,
      paragraphs: [`Le prestataire de paiement a refusé à chaque tentative le remboursement ${v.refund} de ${v.amount} à ${v.customer} (commande ${v.order}) ; il a été retiré de la file des nouvelles tentatives. Veuillez rembourser ce client par un autre moyen.`],
      footer: `Vous recevez cet e-mail parce que votre adresse figure dans la liste de ${v.merchant} pour les alertes de facturation.`,
    }),
    card_expiring: (v) => ({
      subject: `Votre carte se terminant par ${v.last4} expire bientôt`,
      paragraphs: [`Votre carte ${v.brand} se terminant par ${v.last4}, que vous utilisez chez ${v.merchant}, expire fin ${v.expiry}. Pour que vos abonnements continuent, ajoutez une nouvelle carte.`],
      action: { label: "Mettre à jour ma carte", url: v.link },
      sms: `${v.merchant} : votre carte se terminant par ${v.last4} expire fin ${v.expiry}. Mettez-la à jour : ${v.link}`,
    }),
    card_expired: (v) => ({
      subject: `Votre carte se terminant par ${v.last4} a expiré`,
      paragraphs: [`Votre carte ${v.brand} se terminant par ${v.last4}, que vous utilisez chez ${v.merchant}, a expiré fin ${v.expiry} : nous ne pouvons plus la débiter. Veuillez ajouter une nouvelle carte.`],
      action: { label: "Ajouter une nouvelle carte", url: v.link },
      sms: `${v.merchant} : votre carte se terminant par ${v.last4} a expiré. Ajoutez-en une nouvelle : ${v.link}`,
    }),
    support_fee: (v) => ({
      subject: `Des frais d’assistance de ${v.amount} chez ${v.merchant}`,
      paragraphs: [`${v.merchant} a facturé des frais d’assistance de ${v.amount} pour votre ticket « ${v.ticket} ». Ils ont été déduits du solde de votre compte, qui s’élève désormais à ${v.balance}.`],
    }),
    renewal_declined: (v) => ({
      subject: `Nous n’avons pas pu encaisser ${v.amount} pour votre abonnement ${v.plan}`,
      paragraphs: [`Votre carte a été refusée pour la facture ${v.invoice} (${v.amount}). Nous réessaierons le ${v.retry_on}. Pour éviter une interruption, mettez à jour votre carte.`],
      action: { label: "Mettre à jour ma carte", url: v.link },
      sms: `${v.merchant} : votre paiement de ${v.amount} a été refusé. Mettez à jour votre carte : ${v.link}`,
    }),
    renewal_invoice: (v) => ({
      subject: `Facture ${v.invoice} pour votre abonnement ${v.plan}`,
      paragraphs: [`Votre abonnement ${v.plan} a été renouvelé. La facture ${v.invoice} de ${v.amount} est prête à être payée.`],
      action: { label: "Payer la facture", url: v.link },
    }),
    renewal_unpaid: (v) => ({
      subject: `La facture ${v.invoice} est toujours impayée`,
      paragraphs: [`Malgré plusieurs tentatives, nous n’avons pas pu encaisser ${v.amount} pour la facture ${v.invoice}. Votre abonnement ${v.plan} continue ; veuillez payer la facture ou mettre à jour votre carte.`],
      action: { label: "Payer ou mettre à jour ma carte", url: v.link },
      sms: `${v.merchant} : la facture ${v.invoice} (${v.amount}) est impayée. Payez-la ici : ${v.link}`,
    }),
    pay_order: (v) => ({
      subject: `Commande ${v.order} : ${v.amount} à payer`,
      paragraphs: [`Votre commande ${v.order} chez ${v.merchant} attend le paiement de ${v.amount}.`],
      action: { label: `Payer ${v.amount}`, url: v.link },
      after: ["Le lien de paiement expire au bout de sept jours."],
      sms: `${v.merchant} : payez la commande ${v.order} (${v.amount}) ici : ${v.link}`,
    }),
    subscription_cancelled: (v) => ({
      subject: `Votre abonnement ${v.plan} a pris fin`,
      paragraphs: [`Votre abonnement ${v.plan} chez ${v.merchant} a été résilié : ${ended[v.reason]}. Vous pouvez vous réabonner à tout moment depuis le site de la boutique.`],
    }),
    cancellation_scheduled: (v) => ({
      subject: `Votre abonnement ${v.plan} prend fin le ${v.ends_on}`,
      paragraphs: [`Comme vous l’avez demandé, votre abonnement ${v.plan} prendra fin le ${v.ends_on}, à la fin de la période payée. Aucun autre montant ne vous sera débité.`, "Vous avez changé d’avis ? Jusqu’à cette date, vous pouvez le conserver depuis votre espace de facturation."],
    }),
    subscription_paused: (v) => ({
      subject: `Votre abonnement ${v.plan} est en pause`,
      paragraphs: [
        `Votre abonnement ${v.plan} est en pause à partir du ${v.paused_on}. Rien ne vous est débité pendant la pause.`,
        v.resumes_on ? `Il reprendra le ${v.resumes_on}.` : "Il reste en pause jusqu’à ce que vous le relanciez depuis votre espace de facturation.",
      ],
    }),
    document_forward: (v) => ({
      subject: `${v.sender} vous a envoyé ${kind[v.kind]} ${v.document} de ${v.merchant}`,
      heading: `${title[v.kind]} ${v.document}`,
      paragraphs: [`${v.sender} vous a transféré ${kind[v.kind]} ${v.document} de ${v.merchant}. Vous trouverez le document en pièce jointe au format PDF.`],
      footer: `Vous recevez cet e-mail parce que ${v.sender} a saisi votre adresse dans son espace de facturation chez ${v.merchant}. Votre adresse n’est conservée à aucune autre fin.`,
    }),
    staff_sign_in_code: (v) => ({
      subject: `Votre code de connexion à la console du personnel de ${v.merchant} : ${v.code}`,
      paragraphs: [`Saisissez ce code pour vous connecter à la console du personnel de ${v.merchant} :`],
      code: v.code,
      after: [`Le code est valable ${v.minutes} minutes. Si vous n’avez pas essayé de vous connecter, ignorez cet e-mail et prévenez votre administrateur.`],
    }),
    email_change_code: (v) => ({
      subject: `Confirmez votre nouvelle adresse e-mail pour ${v.merchant}`,
      paragraphs: [`Pour utiliser cette adresse pour votre compte chez ${v.merchant}, saisissez ce code là où vous avez demandé la modification :`],
      code: v.code,
      after: [`Le code est valable ${v.minutes} minutes. Si vous n’êtes pas à l’origine de cette demande, ignorez cet e-mail : rien ne change.`],
    }),
    email_change_requested: (v) => ({
      subject: `Une modification de votre adresse e-mail pour ${v.merchant} a été demandée`,
      paragraphs: [`Quelqu’un a demandé à remplacer l’adresse e-mail de votre compte chez ${v.merchant} par ${v.new_email}. Elle ne change qu’une fois saisi le code envoyé à cette adresse. Si ce n’était pas vous, contactez ${v.merchant}.`],
    }),
  },
};
