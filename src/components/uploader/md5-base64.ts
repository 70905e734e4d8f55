import { createMD5 } from "hash-wasm";

/** 8 MiB slices keep memory flat for big files while each wasm call still does plenty of work. */
export const md5SliceBytes = 8 * 1024 * 1024;

/**
 * The base64 MD5 of a Blob, as a `Content-MD5` header wants it, read slice by slice so a large
 * file never sits in memory whole. `shouldStop` is checked between slices to abandon early.
 */
export async function md5Base64(blob: Blob, { sliceBytes = md5SliceBytes, shouldStop }: { sliceBytes?: number; shouldStop?: () => boolean } = {}): Promise<string> {
  const hasher = await createMD5();
  hasher.init();
  for (let offset = 0; offset < blob.size; offset += sliceBytes) {
    if (shouldStop?.()) throw new DOMException("Hashing was cancelled", "AbortError");
    const slice = await blob.slice(offset, offset + sliceBytes).arrayBuffer();
    hasher.update(new Uint8Array(slice));
  }
  return bytesToBase64(hasher.digest("binary"));
}

/** Standard base64 (with padding) of raw bytes; works in browsers, workers and Node alike. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  // Chunked so very large inputs do not overflow the argument limit of fromCharCode.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
