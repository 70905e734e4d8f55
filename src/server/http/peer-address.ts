import "server-only";
import { Server, type IncomingMessage } from "node:http";

/**
 * The address of the socket a request came in on. `next start` does not hand it to route
 * handlers (Next only copies it into X-Forwarded-For when the client sent none, which a client
 * can forge), so it is stamped into this header, overwriting anything the client sent, before
 * Next sees the request.
 */
export const PEER_ADDRESS_HEADER = "x-pixbucket-peer-address";

export function stampPeerAddress(request: IncomingMessage): void {
  // An IPv4 caller on a dual-stack socket shows up as ::ffff:a.b.c.d.
  const address = request.socket.remoteAddress?.replace(/^::ffff:(?=\d+\.)/, "") ?? "";
  request.headers[PEER_ADDRESS_HEADER] = address;
}

let isInstalled = false;

/** Stamps every request any HTTP server in this process receives; called once at start-up. */
export function installPeerAddressStamp(): void {
  if (isInstalled) return;
  isInstalled = true;
  const emit = Server.prototype.emit as (this: Server, event: string | symbol, ...args: unknown[]) => boolean;
  Server.prototype.emit = function emitStamped(this: Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") stampPeerAddress(args[0] as IncomingMessage);
    return emit.call(this, event, ...args);
  } as typeof Server.prototype.emit;
}
