import "server-only";
import pino from "pino";
import { currentRequestId } from "./http/request-context";

/**
 * Structured logs. Secrets never go in here: log hosts and ids, not URLs with credentials.
 * Every line written while serving a request carries its `requestId` (the X-Request-Id answered).
 */
export function createLogger(level: string, destination?: pino.DestinationStream): pino.Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { app: "pixbucket" },
    mixin: () => {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

export type Logger = pino.Logger;
