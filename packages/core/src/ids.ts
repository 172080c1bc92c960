const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** Random base62 string from the platform CSPRNG (Node and browsers). */
export function randomToken(length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = "";
  // 62 * 4 = 248: rejecting bytes >= 248 keeps every character equally likely.
  for (let i = 0; out.length < length; i++) {
    if (i >= bytes.length) {
      crypto.getRandomValues(bytes);
      i = 0;
    }
    const b = bytes[i]!;
    if (b < 248) out += ALPHABET[b % 62];
  }
  return out;
}

/** Prefixed identifier such as `ord_3kT9...`: the prefix tells a support engineer what it points at. */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomToken(20)}`;
}

export type IdPrefix = "mer" | "key" | "cus" | "prod" | "price" | "ord" | "item" | "txn" | "sigk" | "doc" | "skip" | "pm" | "dep" | "tkt" | "msg" | "req" | "eml" | "bal" | "att" | "stf" | "aud" | "igr" | "ich" | "fee" | "coupon" | "sub" | "clk" | "sch" | "gwa" | "sms" | "clm" | "pss" | "sic" | "mfc" | "rcv" | "auth" | "we" | "whd" | "wha" | "rev" | "ssc" | "ssm" | "sss";
