import type { Catalogue } from "./catalogue.ts";
import type { CancelReason, ForwardedKind } from "./vars.ts";

const kind: Record<ForwardedKind, string> = { invoice: "la factura", receipt: "el recibo", credit_note: "la nota de crédito" };
const title: Record<ForwardedKind, string> = { invoice: "Factura", receipt: "Recibo", credit_note: "Nota de crédito" };
const ended: Record<CancelReason, string> = {
  customer: "tal como lo solicitó",
  end_of_term: "tal como lo solicitó, al final del periodo",
  request_approved: "la tienda aprobó su solicitud",
  refunded: "solicitó el reembolso del pago de este periodo",
  payment_failed: "no pudimos cobrar el pago",
  shop: "la tienda lo finalizó",
};

/** Spanish copy of every message (formal "usted"). */
export const es: Catalogue = {
  language: "es",
  greeting: (name) => (name ? `Hola, ${name}:` : "Hola:"),
  signOff: (merchant) => ["Atentamente,", merchant],
  footer: (merchant) => `Recibe este correo electrónico porque tiene una cuenta en ${merchant}.`,
  linkHelp: "Si el botón no funciona, copie esta dirección en su navegador:",
  templates: {
    welcome: (v) => ({
      subject: `Le damos la bienvenida a ${v.merchant}`,
      paragraphs: [`Su cuenta en ${v.merchant} está lista. Puede consultar en cualquier momento sus pedidos, facturas y métodos de pago desde el sitio web de la tienda.`],
    }),
    portal_invite: (v) => ({
      subject: `Su área de facturación en ${v.merchant}`,
      paragraphs: ["Gracias por su pedido. En su área de facturación puede consultar sus pedidos y facturas, pagar, actualizar su tarjeta y gestionar su suscripción."],
      action: { label: "Abrir mi área de facturación", url: v.link },
      after: ["Por su seguridad, el enlace funciona una sola vez y durante poco tiempo; si ha caducado, pida uno nuevo a la tienda."],
      sms: `${v.merchant}: su área de facturación está lista: ${v.link}`,
    }),
    resend_link: (v) => ({
      subject: `Su nuevo enlace a ${v.merchant}`,
      paragraphs: ["Aquí tiene el nuevo enlace que solicitó. Abre su área de facturación."],
      action: { label: "Abrir mi área de facturación", url: v.link },
      after: ["El enlace funciona una sola vez. Si no lo ha solicitado, puede ignorar este correo."],
      sms: `${v.merchant}: su nuevo enlace: ${v.link}`,
    }),
    sign_in_code: (v) => ({
      subject: `Su código de acceso a ${v.merchant}: ${v.code}`,
      paragraphs: ["Introduzca este código para acceder a su área de facturación:"],
      code: v.code,
      action: { label: "Iniciar sesión", url: v.link },
      after: ["El código caduca en unos minutos. Si no intentó iniciar sesión, puede ignorar este correo."],
      sms: `${v.code} es su código de acceso a ${v.merchant}. O inicie sesión aquí: ${v.link}`,
    }),
    refund_confirmation: (v) => ({
      subject: `Su reembolso de ${v.amount} de ${v.merchant}`,
      paragraphs: [
        `Hemos reembolsado ${v.amount} del pedido ${v.order}. La nota de crédito ${v.credit_note} figura en su historial de facturación.`,
        "Según su banco, puede tardar unos días en aparecer en su extracto.",
      ],
    }),
    void_confirmation: (v) => ({
      subject: `Se ha anulado su pago de ${v.amount} a ${v.merchant}`,
      paragraphs: [`Hemos anulado su pago de ${v.amount} del pedido ${v.order} antes de cobrarlo, por lo que no se le cargará.`],
    }),
    merchant_activity: (v) => ({
      subject: `${({ payment: "Pago en el portal", refund_request: "Solicitud de reembolso", cancellation_request: "Solicitud de cancelación", ticket: "Nuevo ticket", ticket_reply: "Respuesta del cliente" })[v.kind]} de ${v.customer}: ${v.subject}`,
      paragraphs: [
        `${v.customer} ${({ payment: "ha pagado en el portal de facturación:", refund_request: "solicita un reembolso en el portal de facturación:", cancellation_request: "solicita una cancelación en el portal de facturación:", ticket: "ha abierto un ticket en el portal de facturación:", ticket_reply: "ha respondido en el portal de facturación:" })[v.kind]} ${v.subject}.`,
        "Encontrará los detalles en la API de comerciantes y en el registro de auditoría.",
      ],
      footer: `Recibe este correo porque su dirección figura en la lista de ${v.merchant} para los avisos de actividad.`,
    }),
    refund_dropped: (v) => ({
      subject: `No se pudo completar el reembolso ${v.refund}`,
      paragraphs: [`La pasarela de pago rechazó en todos los intentos el reembolso ${v.refund} de ${v.amount} a ${v.customer} (pedido ${v.order}), por lo que se ha retirado de la cola de reintentos. Reembolse a este cliente por otra vía.`],
      footer: `Recibe este correo porque su dirección figura en la lista de ${v.merchant} para las alertas de facturación.`,
    }),
    card_expiring: (v) => ({
      subject: `Su tarjeta terminada en ${v.last4} caduca pronto`,
      paragraphs: [`Su tarjeta ${v.brand} terminada en ${v.last4}, que utiliza en ${v.merchant}, caduca a finales de ${v.expiry}. Para que sus suscripciones sigan activas, añada una tarjeta nueva.`],
      action: { label: "Actualizar mi tarjeta", url: v.link },
      sms: `${v.merchant}: su tarjeta terminada en ${v.last4} caduca en ${v.expiry}. Actualícela: ${v.link}`,
    }),
    card_expired: (v) => ({
      subject: `Su tarjeta terminada en ${v.last4} ha caducado`,
      paragraphs: [`Su tarjeta ${v.brand} terminada en ${v.last4}, que utiliza en ${v.merchant}, caducó a finales de ${v.expiry}, por lo que ya no podemos cobrarle con ella. Añada una tarjeta nueva.`],
      action: { label: "Añadir una tarjeta nueva", url: v.link },
      sms: `${v.merchant}: su tarjeta terminada en ${v.last4} ha caducado. Añada una nueva: ${v.link}`,
    }),
    support_fee: (v) => ({
      subject: `Una tarifa de soporte de ${v.amount} de ${v.merchant}`,
      paragraphs: [`${v.merchant} ha cobrado una tarifa de soporte de ${v.amount} por su ticket «${v.ticket}». Se ha descontado del saldo de su cuenta, que ahora es de ${v.balance}.`],
    }),
    renewal_declined: (v) => ({
      subject: `No pudimos cobrar ${v.amount} de su suscripción ${v.plan}`,
      paragraphs: [`Su tarjeta fue rechazada para la factura ${v.invoice} (${v.amount}). Volveremos a intentarlo el ${v.retry_on}. Para evitar una interrupción, actualice su tarjeta.`],
      action: { label: "Actualizar mi tarjeta", url: v.link },
      sms: `${v.merchant}: su pago de ${v.amount} fue rechazado. Actualice su tarjeta: ${v.link}`,
    }),
    renewal_invoice: (v) => ({
      subject: `Factura ${v.invoice} de su suscripción ${v.plan}`,
      paragraphs: [`Su suscripción ${v.plan} se ha renovado. La factura ${v.invoice} de ${v.amount} está lista para pagar.`],
      action: { label: "Pagar la factura", url: v.link },
    }),
    renewal_unpaid: (v) => ({
      subject: `La factura ${v.invoice} sigue pendiente de pago`,
      paragraphs: [`Tras varios intentos no hemos podido cobrar ${v.amount} de la factura ${v.invoice}. Su suscripción ${v.plan} continúa; pague la factura o actualice su tarjeta.`],
      action: { label: "Pagar o actualizar mi tarjeta", url: v.link },
      sms: `${v.merchant}: la factura ${v.invoice} (${v.amount}) está pendiente. Páguela aquí: ${v.link}`,
    }),
    pay_order: (v) => ({
      subject: `Pedido ${v.order}: ${v.amount} por pagar`,
      paragraphs: [`Su pedido ${v.order} en ${v.merchant} está pendiente del pago de ${v.amount}.`],
      action: { label: `Pagar ${v.amount}`, url: v.link },
      after: ["El enlace de pago caduca a los siete días."],
      sms: `${v.merchant}: pague el pedido ${v.order} (${v.amount}) aquí: ${v.link}`,
    }),
    subscription_cancelled: (v) => ({
      subject: `Su suscripción ${v.plan} ha finalizado`,
      paragraphs: [`Su suscripción ${v.plan} en ${v.merchant} se ha cancelado: ${ended[v.reason]}. Puede volver a suscribirse en cualquier momento desde el sitio web de la tienda.`],
    }),
    cancellation_scheduled: (v) => ({
      subject: `Su suscripción ${v.plan} finaliza el ${v.ends_on}`,
      paragraphs: [`Tal como lo solicitó, su suscripción ${v.plan} finalizará el ${v.ends_on}, al terminar el periodo que ya ha pagado. No se le volverá a cobrar.`, "¿Ha cambiado de opinión? Hasta esa fecha puede conservarla desde su área de facturación."],
    }),
    subscription_paused: (v) => ({
      subject: `Su suscripción ${v.plan} está en pausa`,
      paragraphs: [
        `Su suscripción ${v.plan} está en pausa desde el ${v.paused_on}. Mientras esté en pausa no se le cobrará nada.`,
        v.resumes_on ? `Se reanudará el ${v.resumes_on}.` : "Seguirá en pausa hasta que la reanude desde su área de facturación.",
      ],
    }),
    document_forward: (v) => ({
      subject: `${v.sender} le ha enviado ${kind[v.kind]} ${v.document} de ${v.merchant}`,
      heading: `${title[v.kind]} ${v.document}`,
      paragraphs: [`${v.sender} le ha reenviado ${kind[v.kind]} ${v.document} de ${v.merchant}. Encontrará el documento adjunto en PDF.`],
      footer: `Recibe este correo porque ${v.sender} introdujo su dirección en su área de facturación de ${v.merchant}. Su dirección no se guarda para ningún otro fin.`,
    }),
    staff_sign_in_code: (v) => ({
      subject: `Su código de acceso a la consola del personal de ${v.merchant}: ${v.code}`,
      paragraphs: [`Introduzca este código para acceder a la consola del personal de ${v.merchant}:`],
      code: v.code,
      after: [`El código es válido durante ${v.minutes} minutos. Si no ha intentado acceder, ignore este correo e informe a su administrador.`],
    }),
    email_change_code: (v) => ({
      subject: `Confirme su nueva dirección de correo electrónico en ${v.merchant}`,
      paragraphs: [`Para usar esta dirección en su cuenta de ${v.merchant}, introduzca este código donde solicitó el cambio:`],
      code: v.code,
      after: [`El código es válido durante ${v.minutes} minutos. Si no lo ha solicitado, ignore este correo: no cambiará nada.`],
    }),
    email_change_requested: (v) => ({
      subject: `Se ha solicitado cambiar su dirección de correo electrónico en ${v.merchant}`,
      paragraphs: [`Alguien ha solicitado cambiar la dirección de correo electrónico de su cuenta en ${v.merchant} por ${v.new_email}. Solo cambiará cuando se introduzca el código enviado a esa dirección. Si no ha sido usted, póngase en contacto con ${v.merchant}.`],
    }),
  },
};
