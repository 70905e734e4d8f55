import "server-only";
import http, { type IncomingMessage } from "node:http";
import https from "node:https";

/**
 * GETs an object through a URL this app presigned, with node:http and a keep-alive agent, instead
 * of the SDK's GetObject. Verification reads every upload once: the SDK's GET cost 17.8 ms of CPU
 * per 3.9 MB photo against 10.1 ms for this (it re-chunks the body into 64 KiB pieces and the
 * garbage collector pays for them), ~8 ms of the verification's margin over a bare thumbnail
 * (bench/verify, docs/decisions/0007).
 */
const agents = {
  "http:": new http.Agent({ keepAlive: true, maxSockets: 64 }),
  "https:": new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

/** An answer other than 200 or 404, with S3's error code when its XML body names one. */
export class S3ReadError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(`S3 GetObject answered ${status}${code ? ` ${code}` : ""}`);
    this.name = "S3ReadError";
  }
}

const MAX_ERROR_BODY_BYTES = 8192;

function readErrorCode(response: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    response.setEncoding("utf8");
    response.on("data", (chunk: string) => {
      if (text.length < MAX_ERROR_BODY_BYTES) text += chunk;
    });
    response.on("end", () => resolve(/<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? ""));
    response.on("error", () => resolve(""));
  });
}

function requestOnce(url: URL): Promise<IncomingMessage> {
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(url, { agent: agents[url.protocol as keyof typeof agents] }, resolve);
    request.on("error", reject);
  });
}

/** The response streaming the body, or null when the object does not exist. */
export async function getPresignedObject(presignedUrl: string): Promise<IncomingMessage | null> {
  const url = new URL(presignedUrl);
  let response: IncomingMessage;
  try {
    response = await requestOnce(url);
  } catch (error) {
    // A kept-alive socket the server closed while idle fails before any answer: one retry on a
    // fresh one is safe for a GET (the SDK retries the same way).
    if ((error as NodeJS.ErrnoException).code !== "ECONNRESET") throw error;
    response = await requestOnce(url);
  }
  if (response.statusCode !== undefined && response.statusCode >= 500) {
    // SlowDown / ServiceUnavailable: one more try, as the SDK's retry would.
    await readErrorCode(response);
    response = await requestOnce(url);
  }
  if (response.statusCode === 200) return response;
  const code = await readErrorCode(response);
  if (response.statusCode === 404) return null;
  throw new S3ReadError(response.statusCode ?? 0, code);
}
