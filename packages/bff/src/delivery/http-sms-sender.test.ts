import { DeliveryError } from "@billfront/core/server";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { httpSmsSender } from "./http-sms-sender.ts";

describe("SMS over a provider's HTTP API", async () => {
  const received: { auth: string | undefined; body: unknown }[] = [];
  let answer = 202;
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    received.push({ auth: req.headers.authorization, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
    res.writeHead(answer, { "Content-Type": "application/json" }).end("{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/messages`;
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("POSTs the message as JSON with the bearer token", async () => {
    await httpSmsSender({ url, token: "sms-secret" }).send({ id: "sms_1", fromName: "Northwind", to: "+447700900123", body: "Your code is 123456" });
    expect(received).toEqual([{ auth: "Bearer sms-secret", body: { id: "sms_1", from: "Northwind", to: "+447700900123", body: "Your code is 123456" } }]);
  });

  it("turns a refusal into a code the outbox records and retries, and a dead endpoint into sms_unreachable", async () => {
    answer = 503;
    await expect(httpSmsSender({ url, token: "t" }).send({ id: "sms_2", fromName: "N", to: "+1", body: "x" })).rejects.toEqual(new DeliveryError("sms_http_503"));
    await expect(httpSmsSender({ url: "http://127.0.0.1:1/none", token: "t" }).send({ id: "sms_3", fromName: "N", to: "+1", body: "x" })).rejects.toMatchObject({ code: "sms_unreachable" });
  });
});
