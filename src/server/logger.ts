import "server-only";
import pino from "pino";

/** Structured logs. Secrets never go in here: log hosts and ids, not URLs with credentials. */
export function createLogger(level: string): pino.Logger {
  return pino({ level, base: { app: "pixbucket" } });
}

export type Logger = pino.Logger;
