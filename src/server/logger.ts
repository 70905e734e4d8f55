import "server-only";
import pino from "pino";
import { currentRequestId } from "./http/request-context";
import { redactLogValue, redactText, serializeError } from "./log-redaction";

/**
 * Structured logs. Secrets never go in here: log hosts and ids, not URLs with credentials. As a
 * second line of defence every object and message is redacted on its way out (credential headers
 * and fields, URL signatures, tokens) and error messages and stacks are cut to 2 KiB.
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
    // pino runs formatters.log first, which already turned errors into plain objects; pino's own
    // err serializer would rename them "Object", so this one only handles what it is given raw.
    serializers: { err: (value: unknown) => (value instanceof Error ? serializeError(value) : value) },
    formatters: { log: (object) => redactLogValue(object) as Record<string, unknown> },
    hooks: {
      // Messages too: `logger.warn(\`PUT ${url} failed\`)` must not print the URL's signature.
      logMethod(args, method) {
        method.apply(this, args.map((arg) => (typeof arg === "string" ? redactText(arg) : arg)) as Parameters<typeof method>);
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

export type Logger = pino.Logger;
