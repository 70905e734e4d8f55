import "server-only";
import { ConfigError, getConfig } from "./config";
import { startBackgroundWork } from "./background-work";
import { installShutdownDeadline } from "./graceful-shutdown";
import { installPeerAddressStamp } from "./http/peer-address";
import { getRuntime } from "./runtime";

export async function startServer(): Promise<void> {
  // Before the first request: rate limits key on the socket's address, which only this sees.
  installPeerAddressStamp();
  try {
    getConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`pixbucket: configuration error: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  try {
    const runtime = await getRuntime();
    // The server, and only the server, runs the sweeper: the CLI and tests build runtimes without it.
    installShutdownDeadline(runtime, startBackgroundWork(runtime));
  } catch (error) {
    console.error(`pixbucket: start-up failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
