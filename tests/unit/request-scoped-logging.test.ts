import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { currentRequestId, runWithRequestId } from "@/server/http/request-context";
import { createLogger } from "@/server/logger";

function captureLogs() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      callback();
    },
  });
  return { lines, logger: createLogger("info", stream) };
}

describe("request-scoped logging", () => {
  it("stamps every line written while serving a request with that request's id, across awaits", async () => {
    const { lines, logger } = captureLogs();
    const ids = await Promise.all(
      [1, 2, 3].map((n) =>
        runWithRequestId(async (requestId) => {
          await new Promise((resolve) => setTimeout(resolve, 10 * (4 - n))); // interleave the three
          logger.info({ n }, "inside");
          return requestId;
        }),
      ),
    );
    logger.info("outside");
    expect(new Set(ids).size).toBe(3);
    for (const [index, id] of ids.entries()) {
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(lines.find((line) => line.n === index + 1)?.requestId).toBe(id);
    }
    expect(lines.find((line) => line.msg === "outside")).not.toHaveProperty("requestId");
    expect(currentRequestId()).toBeUndefined();
  });
});
