import { describe, expect, it } from "vitest";
import { z } from "zod";
import { isUnreachableError, toErrorResponse } from "@/server/http/error-response";
import { AppError } from "@/server/errors";

const quietLogger = { error: () => undefined, warn: () => undefined };

describe("toErrorResponse", () => {
  it("maps the error family to its status and JSON shape", async () => {
    const response = toErrorResponse(new AppError("conflict", "Already done."), quietLogger);
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ error: { code: "conflict", message: "Already done." } });
  });

  it("turns retryAfterSeconds into a Retry-After header", () => {
    const response = toErrorResponse(new AppError("rate_limited", "Slow down.", { retryAfterSeconds: 30 }), quietLogger);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("30");
  });

  it("turns a zod error into 400 naming the field", async () => {
    const error = z.object({ size: z.number() }).safeParse({ size: "x" }).error!;
    const body = (await toErrorResponse(error, quietLogger).json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/^size: /);
  });

  it.each([
    Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:7480"), { code: "ECONNREFUSED" }),
    new Error("fetch failed", { cause: Object.assign(new Error("reset"), { code: "ECONNRESET" }) }),
    Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" }),
    new AggregateError([Object.assign(new Error("x"), { code: "ECONNREFUSED" })]),
  ])("answers 503 when storage or the database is unreachable (%s)", (error) => {
    expect(isUnreachableError(error)).toBe(true);
    const response = toErrorResponse(error, quietLogger);
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
  });

  it("hides unknown errors behind a generic 500", async () => {
    const response = toErrorResponse(new Error("secret detail"), quietLogger);
    expect(response.status).toBe(500);
    expect(JSON.stringify(await response.json())).not.toContain("secret detail");
  });
});
