import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";

/** Fewer bytes than this is not a secret worth the name (AES-256 wants 32). */
export const MIN_SECRET_BYTES = 32;
const SEALED_PREFIX = "bfsb1";

/**
 * Encryption at rest (signing keys, TOTP secrets) and keyed hashes (sign-in
 * codes, recovery codes), all from one server secret, `BILLFRONT_SECRET`.
 * Sealed values are AES-256-GCM with a random 96-bit IV; each is bound to what
 * it is (`context`, e.g. `signing_key:<kid>`), so a sealed value copied into
 * another row does not open there.
 */
export class SecretBox {
  readonly #encryptionKey: Buffer;
  readonly #macKey: Buffer;

  constructor(secret: Uint8Array) {
    if (secret.byteLength < MIN_SECRET_BYTES) throw new Error(`The secret must be at least ${MIN_SECRET_BYTES} bytes.`);
    this.#encryptionKey = derive(secret, "billfront secret-box aes-256-gcm v1");
    this.#macKey = derive(secret, "billfront secret-box hmac-sha256 v1");
  }

  /** Encrypts `plaintext` for the row it belongs to; the result is text (`bfsb1.<iv>.<ciphertext>.<tag>`). */
  seal(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.#encryptionKey, iv);
    cipher.setAAD(Buffer.from(context, "utf8"));
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    return [SEALED_PREFIX, iv.toString("base64url"), body.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
  }

  /** Decrypts a sealed value; throws `SecretBoxError` when it was sealed with another secret or for another row. */
  open(sealed: string, context: string): string {
    const [prefix, iv, body, tag] = sealed.split(".");
    if (prefix !== SEALED_PREFIX || !iv || body === undefined || !tag) throw new SecretBoxError("The value is not sealed by this server.");
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.#encryptionKey, Buffer.from(iv, "base64url"));
      decipher.setAAD(Buffer.from(context, "utf8"));
      decipher.setAuthTag(Buffer.from(tag, "base64url"));
      return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
    } catch {
      throw new SecretBoxError("A sealed value could not be opened: BILLFRONT_SECRET is not the one it was sealed with.");
    }
  }

  /** HMAC-SHA256 (hex) of `value` for one purpose: short codes stored this way cannot be brute-forced from a database copy. */
  mac(purpose: string, value: string): string {
    return createHmac("sha256", this.#macKey).update(purpose).update("\0").update(value).digest("hex");
  }

  /** Compares a value against a stored MAC in constant time. */
  verifyMac(purpose: string, value: string, expected: string): boolean {
    const actual = Buffer.from(this.mac(purpose, value), "hex");
    const wanted = Buffer.from(expected, "hex");
    return actual.length === wanted.length && timingSafeEqual(actual, wanted);
  }
}

export class SecretBoxError extends Error {
  override readonly name = "SecretBoxError";
}

/** True for text `SecretBox.seal` produced. */
export function isSealed(value: unknown): value is string {
  return typeof value === "string" && value.startsWith(`${SEALED_PREFIX}.`);
}

/**
 * Reads `BILLFRONT_SECRET`: hex (64+ digits) or base64/base64url, at least 32
 * bytes, not one repeated byte. Throws a message naming the variable, never the value.
 */
export function parseSecret(text: string): Uint8Array {
  const trimmed = text.trim();
  const bytes = /^[0-9a-fA-F]+$/.test(trimmed) && trimmed.length % 2 === 0 ? Buffer.from(trimmed, "hex") : /^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed) ? Buffer.from(trimmed, "base64") : undefined;
  if (!bytes) throw new Error("BILLFRONT_SECRET must be hex or base64.");
  if (bytes.byteLength < MIN_SECRET_BYTES) throw new Error(`BILLFRONT_SECRET must hold at least ${MIN_SECRET_BYTES} bytes (64 hex digits or 44 base64 characters); it holds ${bytes.byteLength}.`);
  if (bytes.every((b) => b === bytes[0])) throw new Error("BILLFRONT_SECRET is one byte repeated; generate a random one (`openssl rand -base64 32`).");
  return new Uint8Array(bytes);
}

/** A fresh random secret in the form `BILLFRONT_SECRET` takes (base64url, 32 bytes). */
export function generateSecret(): string {
  return randomBytes(32).toString("base64url");
}

/** A secret box from `BILLFRONT_SECRET` text. */
export function secretBoxFrom(text: string): SecretBox {
  return new SecretBox(parseSecret(text));
}

function derive(secret: Uint8Array, info: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, Buffer.alloc(0), info, 32));
}
