import { DomainError } from "../errors.ts";

/** Largest file a customer or staff member may attach (H1). */
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;
export const MAX_ATTACHMENTS_PER_MESSAGE = 5;

const SIGNATURES: { type: string; extensions: string[]; matches: (b: Uint8Array) => boolean }[] = [
  { type: "image/png", extensions: ["png"], matches: (b) => starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { type: "image/jpeg", extensions: ["jpg", "jpeg"], matches: (b) => starts(b, [0xff, 0xd8, 0xff]) },
  { type: "image/gif", extensions: ["gif"], matches: (b) => starts(b, [0x47, 0x49, 0x46, 0x38]) },
  { type: "image/webp", extensions: ["webp"], matches: (b) => starts(b, [0x52, 0x49, 0x46, 0x46]) && starts(b.subarray(8), [0x57, 0x45, 0x42, 0x50]) },
  { type: "application/pdf", extensions: ["pdf"], matches: (b) => starts(b, [0x25, 0x50, 0x44, 0x46, 0x2d]) },
];

function starts(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

/**
 * Accepts an attachment only if its bytes are an image or a PDF, within the
 * size limit, and its name does not claim another type (H1): the type comes
 * from the content, never from the name or the client.
 */
export function checkAttachment(fileName: string, bytes: Uint8Array): { contentType: string; fileName: string } {
  if (bytes.byteLength === 0 || bytes.byteLength > MAX_ATTACHMENT_BYTES) {
    throw new DomainError("invalid", "attachment_too_large", `Attachments must be between 1 byte and ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB.`, { file_name: fileName });
  }
  const found = SIGNATURES.find((s) => s.matches(bytes));
  if (!found) throw new DomainError("invalid", "attachment_type_not_allowed", "Only images (PNG, JPEG, GIF, WebP) and PDF files can be attached.", { file_name: fileName });
  const name = fileName.replace(/[\\/\u0000-\u001f]/g, "_").trim().slice(0, 200) || "attachment";
  const extension = /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase();
  if (extension && !found.extensions.includes(extension)) {
    throw new DomainError("invalid", "attachment_type_mismatch", `"${name}" is named like a .${extension} file but is ${found.type}.`, { file_name: name });
  }
  return { contentType: found.type, fileName: extension ? name : `${name}.${found.extensions[0]}` };
}
