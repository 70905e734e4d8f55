import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";

/** The base64 MD5 of a file, as a Content-MD5 header wants it; streamed, so size does not matter. */
export async function md5File(filePath: string): Promise<string> {
  const hash = createHash("md5");
  for await (const chunk of createReadStream(filePath)) hash.update(chunk as Buffer);
  return hash.digest("base64");
}
