import { apiTime } from "../http/time-schema.ts";
import { buyIncidentPackage, decideTicketRequest, getStaffTicket, listIncidentPackages, setTicketIncidents, chargeSupportFee, deleteSupportFee, editSupportFee, getHelpdeskOverview, grantIncidents, setIncidentCreditLimit, getTicket, getTicketAttachment, listDepartments, listTickets, openTicket, replyToTicket, setTicketClosed, staffReply, setStaffTicketClosed, getStaffTicketAttachment, listStaffDepartments, createStaffDepartment, updateDepartment, currencyCodeSchema, positiveAmountSchema } from "@billfront/core/server";
import { Hono, type Context } from "hono";
import { z } from "zod";
import { merchantAuth } from "../auth/merchant-auth.ts";
import type { AppDeps } from "../deps.ts";
import { idempotent } from "../http/idempotency.ts";
import { validate } from "../http/validate.ts";
import { doc } from "../http/doc.ts";

const idParam = z.object({ id: z.string().min(1).max(64) });
const body = z.string().min(1).max(20_000);
/** Files travel as base64 in JSON; their type is decided by core from the bytes. */
const attachments = z
  .array(z.strictObject({ file_name: z.string().min(1).max(200), data: z.base64().max(7_000_000) }))
  .max(5)
  .optional();
const toFiles = (list: z.infer<typeof attachments>) => (list ?? []).map((a) => ({ fileName: a.file_name, data: new Uint8Array(Buffer.from(a.data, "base64")) }));

/** A ticket's file as a download: never rendered inline by the browser. */
function download(c: Context, file: { fileName: string; contentType: string; bytes: Uint8Array }) {
  return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
    "Content-Type": file.contentType,
    "Content-Disposition": `attachment; filename="${file.fileName.replace(/["\\]/g, "_")}"`,
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, no-store",
    "Access-Control-Expose-Headers": "Content-Disposition",
  });
}

const departmentName = z.string().min(1).max(100);

/** Portal: the customer's helpdesk (H1). */
export function portalHelpdeskRoutes(deps: AppDeps) {
  const once = idempotent(deps, (c) => ({ merchantId: c.var.portal.merchantId, caller: `customer:${c.var.portal.customerId}` }));
  return new Hono()
    .get("/incident_packages", doc({ summary: "List the incident packages on sale", tag: "Portal helpdesk" }), async (c) => c.json({ data: await listIncidentPackages(deps.core, c.var.portal.merchantId) }))
    .post(
      "/incident_packages/:id/purchase",
      doc({ summary: "Buy an incident package", tag: "Portal helpdesk", status: 201 }),
      once,
      validate("param", idParam),
      validate("json", z.strictObject({ quantity: z.number().int().min(1).max(1000).optional(), payment_method: z.string().min(1).max(64).optional() })),
      async (c) => {
        const input = c.req.valid("json");
        return c.json(
          await buyIncidentPackage(deps.core, c.var.portal, { pricePointId: c.req.valid("param").id, quantity: input.quantity, paymentMethodId: input.payment_method, idempotencyKey: c.req.header("Idempotency-Key")! }),
          201,
        );
      },
    )
    .get("/departments", doc({ summary: "List helpdesk departments", tag: "Portal helpdesk" }), async (c) => c.json({ data: await listDepartments(deps.core, c.var.portal.merchantId) }))
    .get("/helpdesk", doc({ summary: "Get the customer's helpdesk overview (incidents, credit)", tag: "Portal helpdesk" }), async (c) => c.json(await getHelpdeskOverview(deps.core, c.var.portal)))
    .get("/tickets", doc({ summary: "List the customer's tickets", tag: "Portal helpdesk" }), async (c) => c.json({ data: await listTickets(deps.core, c.var.portal) }))
    // A ticket in a paid department costs an incident, or goes on credit (H3, H6): a retried send must not open (and pay for) two.
    .post("/tickets", doc({ summary: "Open a ticket", tag: "Portal helpdesk", status: 201 }), once, validate("json", z.strictObject({ department: z.string().min(1).max(64), subject: z.string().min(1).max(200), body, attachments })), async (c) => {
      const input = c.req.valid("json");
      return c.json(
        await openTicket(deps.core, c.var.portal, { departmentId: input.department, subject: input.subject, body: input.body, attachments: toFiles(input.attachments), idempotencyKey: c.req.header("Idempotency-Key")! }),
        201,
      );
    })
    .get("/tickets/:id", doc({ summary: "Get a ticket with its messages", tag: "Portal helpdesk" }), validate("param", idParam), async (c) => c.json(await getTicket(deps.core, c.var.portal, c.req.valid("param").id)))
    .post("/tickets/:id/replies", doc({ summary: "Reply to a ticket", tag: "Portal helpdesk", status: 201 }), validate("param", idParam), validate("json", z.strictObject({ body, attachments })), async (c) => {
      const input = c.req.valid("json");
      return c.json(await replyToTicket(deps.core, c.var.portal, { ticketId: c.req.valid("param").id, body: input.body, attachments: toFiles(input.attachments) }), 201);
    })
    .get("/tickets/:id/attachments/:attachment", doc({ summary: "Download a ticket attachment", tag: "Portal helpdesk", response: { description: "The file, as an attachment", contentType: "application/octet-stream" } }), validate("param", idParam.extend({ attachment: z.string().min(1).max(64) })), async (c) => {
      const { id, attachment } = c.req.valid("param");
      return download(c, await getTicketAttachment(deps.core, c.var.portal, { ticketId: id, attachmentId: attachment }));
    })
    .post("/tickets/:id/:action{close|reopen}", doc({ summary: "Close or reopen a ticket", tag: "Portal helpdesk" }), validate("param", idParam.extend({ action: z.enum(["close", "reopen"]) })), async (c) => {
      const { id, action } = c.req.valid("param");
      return c.json(await setTicketClosed(deps.core, c.var.portal, { ticketId: id, closed: action === "close" }));
    });
}

/** Merchant API: tickets (the list: merchant-lists.ts), departments, staff replies (H1), incident grants and credit limits (H4, H6, H7), support fees (H8). */
export function merchantHelpdeskRoutes(deps: AppDeps) {
  const authenticated = merchantAuth(deps);
  const once = idempotent(deps, (c) => ({ merchantId: c.var.merchant.id, caller: "api" }));
  return new Hono()
    // GET /tickets (paginated, filtered) is in merchant-lists.ts.
    .get("/tickets/:id", doc({ summary: "Get a ticket with its messages", tag: "Helpdesk" }), authenticated, validate("param", idParam), async (c) => c.json(await getStaffTicket(deps.core, c.var.merchant.id, c.req.valid("param").id)))
    .put("/tickets/:id/incidents", doc({ summary: "Set how many incidents a ticket costs", tag: "Helpdesk" }), authenticated, validate("param", idParam), validate("json", z.strictObject({ count: z.number().int().min(0).max(100) })), async (c) => {
      return c.json(await setTicketIncidents(deps.core, c.var.merchant.id, { ticketId: c.req.valid("param").id, count: c.req.valid("json").count }));
    })
    .post(
      "/tickets/:id/request/:decision{approve|reject}",
      doc({ summary: "Approve or reject the request a ticket carries", tag: "Helpdesk" }),
      authenticated,
      once, // approving a refund request refunds the payment
      validate("param", idParam.extend({ decision: z.enum(["approve", "reject"]) })),
      validate("json", z.strictObject({ note: z.string().max(2000).optional() })),
      async (c) => {
        const { id, decision } = c.req.valid("param");
        return c.json(await decideTicketRequest(deps.core, c.var.merchant.id, { ticketId: id, decision, note: c.req.valid("json").note, actor: c.var.staff.actor }));
      },
    )
    .get("/departments", doc({ summary: "List helpdesk departments, archived ones included", tag: "Helpdesk" }), authenticated, async (c) => c.json({ data: await listStaffDepartments(deps.core, c.var.merchant.id) }))
    // M1: departments are the admins' to manage; core refuses agents with 403 admin_only.
    .post("/departments", doc({ summary: "Create a department (admin)", tag: "Helpdesk", status: 201 }), authenticated, validate("json", z.strictObject({ name: departmentName, paid: z.boolean().optional() })), async (c) => {
      return c.json(await createStaffDepartment(deps.core, c.var.staff, c.req.valid("json")), 201);
    })
    .patch(
      "/departments/:id",
      doc({ summary: "Rename a department, make it paid or free, archive or restore it (admin)", tag: "Helpdesk" }),
      authenticated,
      validate("param", idParam),
      validate("json", z.strictObject({ name: departmentName.optional(), paid: z.boolean().optional(), archived: z.boolean().optional() }).refine((b) => Object.keys(b).length > 0, "name, paid or archived is needed")),
      async (c) => c.json(await updateDepartment(deps.core, c.var.staff, c.req.valid("param").id, c.req.valid("json"))),
    )
    .post("/tickets/:id/:action{close|reopen}", doc({ summary: "Close or reopen a ticket as staff", tag: "Helpdesk" }), authenticated, validate("param", idParam.extend({ action: z.enum(["close", "reopen"]) })), async (c) => {
      const { id, action } = c.req.valid("param");
      return c.json(await setStaffTicketClosed(deps.core, c.var.merchant.id, { ticketId: id, closed: action === "close" }));
    })
    .get(
      "/tickets/:id/attachments/:attachment",
      doc({ summary: "Download a ticket attachment (internal notes' files included)", tag: "Helpdesk", response: { description: "The file, as an attachment", contentType: "application/octet-stream" } }),
      authenticated,
      validate("param", idParam.extend({ attachment: z.string().min(1).max(64) })),
      async (c) => {
        const { id, attachment } = c.req.valid("param");
        return download(c, await getStaffTicketAttachment(deps.core, c.var.merchant.id, { ticketId: id, attachmentId: attachment }));
      },
    )
    .post(
      "/customers/:id/incidents",
      doc({ summary: "Grant a customer incidents", tag: "Helpdesk", status: 201 }),
      authenticated,
      // A retried grant must not give the incidents twice.
      once,
      validate("param", idParam),
      validate("json", z.strictObject({ count: z.number().int().min(1).max(10_000), periods: z.number().int().min(1).max(120).optional(), months: z.number().int().min(1).max(12).optional(), start: apiTime.optional() })),
      async (c) => {
        const input = c.req.valid("json");
        await grantIncidents(deps.core, c.var.merchant.id, {
          customerId: c.req.valid("param").id,
          count: input.count,
          ...(input.periods ? { periods: input.periods, months: input.months ?? 1 } : {}),
          ...(input.start ? { start: new Date(input.start) } : {}),
          source: c.var.staff.actor,
        });
        return c.json({ granted: input.count, periods: input.periods ?? null }, 201);
      },
    )
    .post("/tickets/:id/fees", doc({ summary: "Charge a support fee on a ticket", tag: "Helpdesk", status: 201 }), authenticated, once, validate("param", idParam), validate("json", z.strictObject({ amount: positiveAmountSchema, currency: currencyCodeSchema })), async (c) => {
      const input = c.req.valid("json");
      return c.json(await chargeSupportFee(deps.core, c.var.merchant.id, { ticketId: c.req.valid("param").id, ...input, actor: c.var.staff.actor, idempotencyKey: c.req.header("Idempotency-Key")! }), 201);
    })
    .patch("/fees/:id", doc({ summary: "Change a support fee's amount", tag: "Helpdesk" }), authenticated, once, validate("param", idParam), validate("json", z.strictObject({ amount: positiveAmountSchema })), async (c) => {
      return c.json(await editSupportFee(deps.core, c.var.merchant.id, { feeId: c.req.valid("param").id, amount: c.req.valid("json").amount, actor: c.var.staff.actor, idempotencyKey: c.req.header("Idempotency-Key")! }));
    })
    .delete("/fees/:id", doc({ summary: "Delete a support fee", tag: "Helpdesk" }), authenticated, once, validate("param", idParam), async (c) => {
      return c.json(await deleteSupportFee(deps.core, c.var.merchant.id, { feeId: c.req.valid("param").id, actor: c.var.staff.actor, idempotencyKey: c.req.header("Idempotency-Key")! }));
    })
    .put("/customers/:id/incident_credit_limit", doc({ summary: "Set a customer's incident credit limit", tag: "Helpdesk" }), authenticated, validate("param", idParam), validate("json", z.strictObject({ limit: z.number().int().min(0).max(1000) })), async (c) => {
      await setIncidentCreditLimit(deps.core, c.var.merchant.id, { customerId: c.req.valid("param").id, limit: c.req.valid("json").limit });
      return c.json({ limit: c.req.valid("json").limit });
    })
    .post("/tickets/:id/replies", doc({ summary: "Reply to a ticket as staff (or add an internal note)", tag: "Helpdesk", status: 201 }), authenticated, validate("param", idParam), validate("json", z.strictObject({ body, internal: z.boolean().optional(), attachments })), async (c) => {
      const input = c.req.valid("json");
      return c.json(
        await staffReply(deps.core, c.var.merchant.id, { ticketId: c.req.valid("param").id, body: input.body, internal: input.internal, attachments: toFiles(input.attachments) }),
        201,
      );
    });
}
