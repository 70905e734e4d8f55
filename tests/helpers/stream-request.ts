import { request as httpRequest, type IncomingHttpHeaders } from "node:http";

export interface StreamedAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** Body bytes the client had written when the answer came (or when it finished sending). */
  bytesWritten: number;
}

/**
 * Sends `totalBytes` of body in chunks, honouring back-pressure, and stops writing as soon as the
 * server answers. A server that refuses a body early may reset the connection after its answer;
 * errors after the answer arrived are expected and dropped.
 */
export function streamRequest(
  url: string,
  { method = "POST", headers = {}, totalBytes, chunkBytes = 64 * 1024 }: { method?: string; headers?: Record<string, string>; totalBytes: number; chunkBytes?: number },
): Promise<StreamedAnswer> {
  return new Promise((resolve, reject) => {
    let answered = false;
    let bytesWritten = 0;
    const chunk = Buffer.alloc(chunkBytes, 0x61);
    const req = httpRequest(url, { method, headers });
    req.on("error", (error) => {
      if (!answered) reject(error);
    });
    req.on("response", (res) => {
      answered = true;
      const written = bytesWritten;
      const parts: Buffer[] = [];
      const finish = () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString("utf8"), bytesWritten: written });
      res.on("data", (part: Buffer) => parts.push(part));
      res.on("end", finish);
      res.on("error", finish);
      res.on("aborted", finish);
      req.end();
    });
    const pump = () => {
      while (!answered && bytesWritten < totalBytes) {
        const size = Math.min(chunkBytes, totalBytes - bytesWritten);
        bytesWritten += size;
        if (!req.write(size === chunkBytes ? chunk : chunk.subarray(0, size))) {
          req.once("drain", pump);
          return;
        }
      }
      if (!answered) req.end();
    };
    pump();
  });
}
