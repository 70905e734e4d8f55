import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sendWebResponse, toWebRequest } from "./node-request";

export interface RunningServer {
  origin: string;
  close(): Promise<void>;
}

/** A real HTTP server on a free loopback port that answers with a web-standard handler. */
export async function serveHandler(handler: (request: Request) => Promise<Response>): Promise<RunningServer> {
  let origin = "";
  const server: Server = createServer((req, res) => {
    handler(toWebRequest(req, origin))
      .then((response) => sendWebResponse(response, res))
      .catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
