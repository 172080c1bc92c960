import { Hono } from "hono";
import { merchantSubscriptionRoutes, portalSubscriptionRoutes } from "./routes/subscriptions.ts";
import { portalPlanRoutes } from "./routes/plans.ts";
import { merchantReviewRoutes, portalReviewRoutes } from "./routes/reviews.ts";
import { merchantCatalogRoutes } from "./routes/catalog.ts";
import { merchantOpsRoutes } from "./routes/merchant-ops.ts";
import { bodyLimit } from "hono/body-limit";
import { requestId } from "hono/request-id";
import type { AppDeps } from "./deps.ts";
import { portalAuth } from "./auth/portal-auth.ts";
import { errorHandler, problem } from "./http/problem.ts";
import { merchantCors, portalCors } from "./http/portal-cors.ts";
import { requestLog } from "./http/request-log.ts";
import { cardFormPage } from "./pages/card-form-page.ts";
import { linksPage } from "./pages/links-page.ts";
import { merchantOrderRoutes } from "./routes/merchant-orders.ts";
import { portalPage } from "./pages/portal-page.ts";
import { devMailboxPage } from "./pages/dev-mailbox-page.ts";
import { merchantEmailRoutes } from "./routes/emails.ts";
import { rejectCardNumbers } from "./http/reject-card-numbers.ts";
import { rejectUnstorableInput } from "./http/reject-unstorable-input.ts";
import { merchantPaymentRoutes } from "./routes/merchant-payments.ts";
import { portalPaymentRoutes } from "./routes/portal-payments.ts";
import { merchantRequestRoutes, portalRequestRoutes } from "./routes/requests.ts";
import { merchantHelpdeskRoutes, portalHelpdeskRoutes } from "./routes/helpdesk.ts";
import { staffRoutes } from "./routes/staff.ts";
import { staffAuthRoutes } from "./routes/staff-auth.ts";
import { staffPage } from "./pages/staff-page.ts";
import { merchantRoutes } from "./routes/merchant.ts";
import { merchantBrandingRoutes } from "./routes/branding.ts";
import { merchantProfileRoutes } from "./routes/merchant-profile.ts";
import { portalRoutes } from "./routes/portal.ts";
import { portalAccountRoutes } from "./routes/account.ts";
import { publicRoutes } from "./routes/public.ts";
import { originCheckRoutes } from "./routes/origin-check.ts";
import { clientIp } from "./http/client-ip.ts";
import { portalMfaRoutes } from "./routes/portal-mfa.ts";
import { signInRoutes } from "./routes/sign-in.ts";
import { signInPage } from "./pages/sign-in-page.ts";
import { apiDocsRoutes } from "./pages/api-docs-page.ts";
import { openApiDocument } from "./openapi/generate.ts";
import { merchantListRoutes } from "./routes/merchant-lists.ts";
import { merchantCustomerRoutes } from "./routes/merchant-customers.ts";
import { merchantWebhookRoutes } from "./routes/webhooks.ts";

/** Largest request body (8 MB): a ticket message with its base64 attachments fits; anything bigger is refused with 413. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

/** The whole BFF as one Hono app; `AppType` carries its routes' types to the widget client. */
export function createApp(deps: AppDeps) {
  const app = new Hono()
    .use(requestId())
    .use(clientIp({ trustProxy: deps.trustProxy ?? false }))
    .use(deps.log ? requestLog(deps.log) : (_c, next) => next())
    .use("/v1/*", bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => problem(c, 413, "payload_too_large", "The request body is larger than 8 MB.") }))
    .use("/v1/portal/*", portalCors(deps))
    .use("/v1/*", merchantCors(deps))
    // After CORS, so a browser can read the 422; before anything parses a path id, query or body.
    .use(rejectUnstorableInput())
    .use("/v1/portal/*", rejectCardNumbers())
    .use("/v1/portal/*", portalAuth(deps))
    .route("/v1/portal", portalRoutes(deps))
    .route("/v1/portal", portalPaymentRoutes(deps))
    .route("/v1/portal", portalRequestRoutes(deps))
    .route("/v1/portal", portalHelpdeskRoutes(deps))
    .route("/v1/portal", portalPlanRoutes(deps))
    .route("/v1/portal", portalSubscriptionRoutes(deps))
    .route("/v1/portal", portalReviewRoutes(deps))
    .route("/v1/portal", portalAccountRoutes(deps))
    .route("/v1/portal", portalMfaRoutes(deps))
    .route("/v1", signInRoutes(deps))
    .route("/v1", originCheckRoutes(deps))
    .route("/v1", merchantRoutes(deps))
    .route("/v1", merchantCustomerRoutes(deps))
    .route("/v1", merchantListRoutes(deps))
    .route("/v1", merchantPaymentRoutes(deps))
    .route("/v1", merchantEmailRoutes(deps))
    .route("/v1", merchantRequestRoutes(deps))
    .route("/v1", merchantOrderRoutes(deps))
    .route("/v1", merchantHelpdeskRoutes(deps))
    .route("/v1", staffAuthRoutes(deps))
    .route("/v1", staffRoutes(deps))
    .route("/v1", merchantCatalogRoutes(deps))
    .route("/v1", merchantOpsRoutes(deps))
    .route("/v1", merchantSubscriptionRoutes(deps))
    .route("/v1", merchantBrandingRoutes(deps))
    .route("/v1", merchantWebhookRoutes(deps))
    .route("/v1", merchantReviewRoutes(deps))
    .route("/v1", merchantProfileRoutes(deps))
    .route("/", cardFormPage(deps))
    .route("/", linksPage(deps))
    .route("/", signInPage(deps))
    .route("/", publicRoutes(deps))
    .route("/", devMailboxPage(deps))
    .route("/", portalPage(deps))
    .route("/", staffPage(deps));
  // Built from the app's own routes on first request, so every route mounted above (or below) is in it.
  app.route("/", apiDocsRoutes(() => openApiDocument(app, { serverUrl: deps.publicUrl })));
  app.notFound((c) => problem(c, 404, "route_not_found", `No route ${c.req.method} ${c.req.path}.`));
  app.onError(errorHandler(deps.errorLog));
  return app;
}

export type AppType = ReturnType<typeof createApp>;
