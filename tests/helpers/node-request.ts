import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { stampPeerAddress } from "@/server/http/peer-address";

/** Turns a Node request into a web Request, streaming the body (no buffering). */
export function toWebRequest(req: IncomingMessage, origin: string): Request {
  // As in production (start-server.ts): the socket's address, never a client-sent value.
  stampPeerAddress(req);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) value.forEach((item) => headers.append(name, item));
    else if (value !== undefined) headers.set(name, value);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(new URL(req.url ?? "/", origin), {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    // @ts-expect-error Node's fetch needs duplex for streamed request bodies; the DOM types lack it.
    duplex: "half",
  });
}

export async function sendWebResponse(response: Response, res: ServerResponse): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => res.setHeader(name, value));
  if (!response.body) {
    res.end();
    return;
  }
  const body = Readable.fromWeb(response.body as import("node:stream/web").ReadableStream<Uint8Array>);
  await new Promise<void>((resolve, reject) => {
    body.on("error", reject);
    res.on("finish", resolve);
    body.pipe(res);
  });
}
