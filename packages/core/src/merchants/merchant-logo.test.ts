import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createCustomer } from "../customers/create-customer.ts";
import { merchantLogos } from "../db/schema/index.ts";
import { getDocumentPdf } from "../documents/document-pdfs.ts";
import { createTestContext, pdfLayout, placeBilledOrder, pngImage } from "../testing/index.ts";
import { createMerchant } from "./create-merchant.ts";
import { MAX_LOGO_BYTES, publicOnlyLookup, storeMerchantLogo } from "./merchant-logo.ts";
import { updateMerchantProfile } from "./merchant-profile.ts";
import { setMerchantBranding } from "./set-merchant-branding.ts";

const logoPng = pngImage(120, 40);

describe("the logo documents print: fetched once when set, never while rendering (issue 13)", async () => {
  const ctx = await createTestContext("2026-03-10T09:00:00.000Z");
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url!);
    if (req.url === "/logo.png") res.writeHead(200, { "content-type": "image/png" }).end(logoPng);
    else if (req.url === "/page.html") res.writeHead(200, { "content-type": "image/png" }).end("<html>not a picture</html>");
    else if (req.url === "/huge.png") res.writeHead(200, { "content-type": "image/png" }).end(Buffer.concat([logoPng, Buffer.alloc(MAX_LOGO_BYTES)]));
    else if (req.url === "/moved.png") res.writeHead(302, { location: "/logo.png" }).end();
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await ctx.handle.close();
  });

  async function invoiceImages(merchantId: string): Promise<number> {
    const customer = await createCustomer(ctx, merchantId, { email: `c${Math.random()}@example.com`, name: "Ada" });
    const order = await placeBilledOrder(ctx, merchantId, { customerId: customer.id, type: "one_time", currency: "EUR", items: [{ description: "Beans", quantity: 1, unitAmount: 900 }] });
    const pages = await pdfLayout((await getDocumentPdf(ctx, { merchantId, customerId: customer.id }, order.invoiceId)).bytes);
    return pages[0]!.images;
  }

  it("stores a sandbox merchant's logo when the branding is set and prints it without fetching again", async () => {
    const { merchantId } = await createMerchant(ctx, { name: "Sandbox Roasters" });
    await setMerchantBranding(ctx, merchantId, { logoUrl: `${base}/logo.png` });
    const [row] = await ctx.db.select().from(merchantLogos).where(eq(merchantLogos.merchantId, merchantId));
    expect(row).toMatchObject({ sourceUrl: `${base}/logo.png`, contentType: "image/png" });
    const fetched = requests.length;
    expect(await invoiceImages(merchantId)).toBe(1);
    expect(await invoiceImages(merchantId)).toBe(1);
    expect(requests.length).toBe(fetched);
  });

  it("keeps no copy of something that is not a PNG or JPEG, of a file over 1 MB, or behind a redirect: the name is printed", async () => {
    const { merchantId } = await createMerchant(ctx, { name: "Careful Roasters", logoUrl: `${base}/logo.png` });
    for (const path of ["/page.html", "/huge.png", "/moved.png", "/missing.png"]) {
      await updateMerchantProfile(ctx, merchantId, { logoUrl: `${base}${path}` });
      expect(await ctx.db.select().from(merchantLogos).where(eq(merchantLogos.merchantId, merchantId)), path).toEqual([]);
      expect(await invoiceImages(merchantId)).toBe(0);
    }
    expect(await storeMerchantLogo(ctx, merchantId)).toBe("unavailable");
  });

  it("does not print a copy fetched for an earlier logo address", async () => {
    const { merchantId } = await createMerchant(ctx, { name: "Changing Roasters", logoUrl: `${base}/logo.png` });
    expect(await invoiceImages(merchantId)).toBe(1);
    // Written around the operation (as an import would): the stored copy belongs to the old address.
    await ctx.db.execute(`update merchants set logo_url = '${base}/other.png' where id = '${merchantId}'`);
    expect(await invoiceImages(merchantId)).toBe(0);
  });

  it("never fetches a live merchant's logo from a loopback or private address", async () => {
    const { merchantId } = await createMerchant(ctx, { name: "Live Roasters", mode: "live", logoUrl: "https://127.0.0.1/logo.png" });
    expect(await ctx.db.select().from(merchantLogos).where(eq(merchantLogos.merchantId, merchantId))).toEqual([]);
    expect(await storeMerchantLogo(ctx, merchantId)).toBe("unavailable");
    // A name is checked on the address it resolves to, at connect time.
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) => publicOnlyLookup("localhost", { family: 0 }, (e) => resolve(e)));
    expect(error?.code).toBe("EPRIVATE");
  });
});
