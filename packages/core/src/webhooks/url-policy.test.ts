import { describe, expect, it } from "vitest";
import { checkEndpointUrl, isPrivateAddress } from "./url-policy.ts";

describe("webhook endpoint addresses (SSRF care, M4)", () => {
  it.each([
    "127.0.0.1", "10.1.2.3", "169.254.169.254", "100.64.0.1", "192.168.1.1", "172.16.0.1", "0.0.0.0", "224.0.0.1",
    "::", "::1", "fe80::1", "fd00::1", "fc00::1", "ff02::1",
    // The IPv4 inside an IPv6 address decides: mapped in both notations, compatible, NAT64 and 6to4.
    "::ffff:169.254.169.254", "::ffff:a9fe:a9fe", "0:0:0:0:0:ffff:7f00:1", "::7f00:1", "64:ff9b::a9fe:a9fe", "2002:a9fe:a9fe::1",
    "not-an-address",
  ])("treats %s as inward", (address) => expect(isPrivateAddress(address)).toBe(true));

  it.each(["8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8", "2a00:1450:4001::200e"])("treats %s as public", (address) => expect(isPrivateAddress(address)).toBe(false));

  it("refuses a live endpoint on the metadata address written as an IPv4-mapped IPv6 literal", () => {
    for (const url of ["https://[::ffff:169.254.169.254]/", "https://[::ffff:a9fe:a9fe]/hook", "https://[::1]/", "https://[fd12::1]/"]) {
      expect(() => checkEndpointUrl(url, "live"), url).toThrow(expect.objectContaining({ code: "webhook_url_private" }));
    }
    expect(checkEndpointUrl("https://hooks.example.com/in", "live")).toBe("https://hooks.example.com/in");
  });
});
