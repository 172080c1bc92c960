import { describe, expect, it } from "vitest";
import { canonicalTimeZone } from "./merchant-profile.ts";
import { parseMerchantOrigin } from "./origins.ts";

describe("what a merchant may register as an origin and a time zone", () => {
  it.each([
    ["https://Shop.example", "https://shop.example"],
    ["https://shop.example:443/", "https://shop.example"],
    ["https://shop.example:8443", "https://shop.example:8443"],
    ["http://localhost:5173", "http://localhost:5173"],
    ["http://127.0.0.1:8080", "http://127.0.0.1:8080"],
  ])("takes %s as %s", (value, origin) => expect(parseMerchantOrigin(value)).toBe(origin));

  it.each(["http://shop.example", "https://shop.example/account", "https://shop.example?x", "https://shop.example#top", "https://a:b@shop.example", "ftp://shop.example", "javascript:alert(1)", "shop.example", "", "https://*.shop.example", "https://*", "https://sh_op.example", "https://shop.example%2F.evil"])(
    "refuses %o with invalid_origin",
    (value) => expect(() => parseMerchantOrigin(value)).toThrow(expect.objectContaining({ code: "invalid_origin" })),
  );

  it("stores IANA time zones canonically and refuses others", () => {
    expect(canonicalTimeZone("europe/berlin")).toBe("Europe/Berlin");
    expect(canonicalTimeZone("UTC")).toBe("UTC");
    for (const bad of ["Mars/Olympus", "", "+25:00", "Europe/Berlin; drop"]) expect(() => canonicalTimeZone(bad)).toThrow(expect.objectContaining({ code: "invalid_time_zone" }));
  });
});
