import { DeliveryError, type SmsSender } from "@billfront/core/server";

/**
 * The SmsSender for an SMS provider's HTTP API: POSTs
 * `{ "id", "from", "to", "body" }` as JSON to `SMS_URL` with
 * `Authorization: Bearer SMS_TOKEN`. Any 2xx is delivered; anything else is
 * `sms_http_<status>` (retried by the outbox), a network failure
 * `sms_unreachable`. Put a small relay in front of a provider whose API
 * differs.
 */
export function httpSmsSender(options: { url: string; token: string; timeoutMs?: number }): SmsSender {
  return {
    async send(sms) {
      let response: Response;
      try {
        response = await fetch(options.url, {
          method: "POST",
          headers: { "Content-Type": "application/json", Authorization: `Bearer ${options.token}`, "Idempotency-Key": sms.id },
          body: JSON.stringify({ id: sms.id, from: sms.fromName, to: sms.to, body: sms.body }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
        });
      } catch {
        throw new DeliveryError("sms_unreachable");
      }
      await response.body?.cancel();
      if (!response.ok) throw new DeliveryError(`sms_http_${response.status}`);
    },
  };
}
