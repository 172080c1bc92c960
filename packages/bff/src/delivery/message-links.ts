import type { MessageLinkSigner } from "@billfront/core/server";
import type { AppDeps } from "../deps.ts";
import { signFlowLink } from "../pages/links-page.ts";
import { signPaymentLink } from "../routes/merchant-orders.ts";

/**
 * Signs the links of messages that carry one signed at send time: the invite
 * opens the whole portal (an invite link, 15 minutes by default), a pay-order
 * mail the hosted checkout of its order.
 */
export function messageLinks(deps: AppDeps): MessageLinkSigner {
  return async ({ merchantId, customerId, purpose, subjectId }) => {
    switch (purpose) {
      case "invite":
        return signFlowLink(deps, { merchantId, customerId, flow: "invite" });
      case "pay_order":
        return (await signPaymentLink(deps, { merchantId, customerId, orderId: subjectId ?? "" })).url;
    }
  };
}
