/** Standard base64 (with padding) of raw bytes; works in browsers, workers and Node alike. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  // Chunked so very large inputs do not overflow the argument limit of fromCharCode.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
