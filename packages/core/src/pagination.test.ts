import { describe, expect, it } from "vitest";
import { containsPattern, decodeCursor, encodeCursor, toPage } from "./pagination.ts";

describe("the shared keyset pagination helper", () => {
  it("round-trips a cursor and refuses anything it did not make with cursor_invalid", () => {
    const at = new Date("2026-06-15T12:00:00.123Z");
    expect(decodeCursor(encodeCursor({ at, id: "cus_abc123" }))).toEqual({ at, id: "cus_abc123" });
    const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    for (const bad of ["", "%%%", forged({}), forged(["yesterday", "cus_a"]), forged([at.toISOString(), 7]), forged([at.toISOString(), "x' or 1=1"])]) {
      expect(() => decodeCursor(bad), bad).toThrow(expect.objectContaining({ type: "invalid", code: "cursor_invalid" }));
    }
  });

  it("cuts limit + 1 rows to a page whose cursor names its last row", () => {
    const rows = [3, 2, 1].map((n) => ({ id: `ord_${n}`, createdAt: new Date(Date.UTC(2026, 0, n)) }));
    const page = toPage(rows, 2, (r) => r.id);
    expect(page).toMatchObject({ data: ["ord_3", "ord_2"], has_more: true });
    expect(decodeCursor(page.next_cursor!)).toEqual({ at: rows[1]!.createdAt, id: "ord_2" });
    expect(toPage(rows, 3, (r) => r.id)).toEqual({ data: ["ord_3", "ord_2", "ord_1"], has_more: false, next_cursor: null });
  });

  it("makes a search term match literally, its wildcards escaped", () => {
    expect(containsPattern("100%_a\\b")).toBe("%100\\%\\_a\\\\b%");
  });
});
