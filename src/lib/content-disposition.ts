/**
 * Content-Disposition for stored images. The name is the uploader's text, so it is cleaned before
 * it reaches a Save dialog: bidi overrides (which make `gpj.hta` look like `ath.jpg`) and control
 * characters go, and the extension always matches the verified type.
 */

/** The extensions each verified type may keep; the first is the one appended when a name has none of them. */
const extensionsByType: Record<string, readonly string[]> = {
  "image/jpeg": ["jpg", "jpeg", "jpe", "jfif"],
  "image/png": ["png"],
  "image/webp": ["webp"],
  "image/gif": ["gif"],
  "image/avif": ["avif"],
  "image/heic": ["heic"],
  "image/heif": ["heif", "heic"],
};

// C0 and C1 controls, DEL, and every bidi mark, embedding, override and isolate.
const unsafeCharacters = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// Path separators would make some clients save outside the download folder or drop the name.
const pathSeparators = /[/\\]/g;

/** The uploader's name without invisible direction changes, control characters or path separators. */
export function cleanFileName(name: string): string {
  const cleaned = name.replace(unsafeCharacters, "").replace(pathSeparators, "_").trim();
  return cleaned === "" || /^\.+$/.test(cleaned) ? "image" : cleaned;
}

/** `photo.hta` that is a JPEG → `photo.hta.jpg`; `photo.JPEG` stays as it is. */
export function downloadFileName(name: string, verifiedType: string): string {
  const cleaned = cleanFileName(name);
  const allowed = extensionsByType[verifiedType];
  if (!allowed) return cleaned;
  const dot = cleaned.lastIndexOf(".");
  const extension = dot > 0 ? cleaned.slice(dot + 1).toLowerCase() : "";
  return allowed.includes(extension) ? cleaned : `${cleaned}.${allowed[0]}`;
}

/** RFC 8187 ext-value: only attr-chars stay literal, everything else is percent-encoded UTF-8. */
export function encodeExtValue(value: string): string {
  // encodeURIComponent leaves ' ( ) * unencoded, which attr-char does not allow.
  return `UTF-8''${encodeURIComponent(value).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

/** The plain `filename=` for clients without RFC 8187: printable ASCII, no quote, backslash or percent. */
export function asciiFallbackName(value: string): string {
  return value.replace(/[^\x20-\x7e]|["\\%]/g, "_");
}

/** The header value: a quoted ASCII `filename=` fallback and the exact name in `filename*`. */
export function contentDisposition(kind: "inline" | "attachment", name: string, verifiedType: string): string {
  const fileName = downloadFileName(name, verifiedType);
  return `${kind}; filename="${asciiFallbackName(fileName)}"; filename*=${encodeExtValue(fileName)}`;
}
