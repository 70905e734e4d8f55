import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { MAX_LOGGED_ERROR_CHARS, redactLogValue, redactText } from "@/server/log-redaction";
import { createLogger } from "@/server/logger";

function captureLogs() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
  return { lines, logger: createLogger("info", stream), parsed: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

const s3Url =
  "http://127.0.0.1:7500/bucket/images/u/i/original?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAEXAMPLE%2F20261202%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20261202T100437Z&X-Amz-Expires=300&X-Amz-Signature=d630cd0b9d1d29ed70df&X-Amz-SignedHeaders=host";
const localUrl = "http://localhost:3000/api/storage/images/u/i/original?op=put&expires=1764669877&signature=Zm9vYmFyYmF6cXV4";

describe("log redaction", () => {
  it("removes S3 and local signatures and credentials from URLs, keeps the rest readable", () => {
    const redacted = redactText(`PUT ${s3Url} failed`);
    expect(redacted).not.toContain("d630cd0b9d1d29ed70df");
    expect(redacted).not.toContain("AKIAEXAMPLE");
    expect(redacted).toContain("X-Amz-Signature=[redacted]");
    expect(redacted).toContain("X-Amz-Credential=[redacted]");
    expect(redacted).toContain("X-Amz-Date=20261202T100437Z");
    expect(redactText(localUrl)).toBe("http://localhost:3000/api/storage/images/u/i/original?op=put&expires=1764669877&signature=[redacted]");
  });

  it("masks authorization, cookie, set-cookie, passwords and tokens at any depth, in any case", () => {
    const value = redactLogValue({
      req: { headers: { Authorization: "Bearer pbt_abcdefghijklmnop", cookie: "better-auth.session_token=abc", "Set-Cookie": ["a=b"] } },
      body: { email: "a@example.test", password: "hunter2 hunter2", newPassword: "x", currentPassword: "y" },
      token: "pbi_0123456789abcdef",
      count: 3,
    });
    const text = JSON.stringify(value);
    for (const secret of ["pbt_abcdefghijklmnop", "session_token=abc", "a=b", "hunter2", "pbi_0123456789abcdef", '"x"', '"y"']) expect(text).not.toContain(secret);
    expect(value).toMatchObject({ body: { email: "a@example.test", password: "[redacted]" }, count: 3 });
  });

  it("a logger line: redacted object fields, message and error, with the error's message and stack cut to 2 KiB", () => {
    const { logger, parsed, lines } = captureLogs();
    const error = new Error(`storage said no for ${s3Url}: ${"x".repeat(10_000)}`);
    logger.warn({ err: error, url: localUrl, headers: { authorization: "Bearer pbt_secretsecretsecret" } }, `could not PUT ${s3Url}`);
    const [line] = parsed();
    const err = line!.err as { type: string; message: string; stack: string };
    expect(err.type).toBe("Error");
    expect(err.message.length).toBeLessThan(MAX_LOGGED_ERROR_CHARS + 100);
    expect(err.stack.length).toBeLessThan(MAX_LOGGED_ERROR_CHARS + 100);
    expect(err.message).toContain("more characters]");
    expect(line!.headers).toEqual({ authorization: "[redacted]" });
    expect(line!.msg).toContain("X-Amz-Signature=[redacted]");
    for (const secret of ["d630cd0b9d1d29ed70df", "AKIAEXAMPLE", "Zm9vYmFyYmF6cXV4", "pbt_secretsecretsecret"]) expect(lines[0]).not.toContain(secret);
  });

  it("an error's cause is redacted too, and plain values pass through unchanged", () => {
    const { logger, parsed } = captureLogs();
    logger.error({ err: new Error("outer", { cause: new Error(`inner ${localUrl}`) }), n: 1, when: "2026-01-01" }, "plain message");
    const [line] = parsed();
    expect(JSON.stringify(line)).not.toContain("Zm9vYmFyYmF6cXV4");
    expect(line).toMatchObject({ n: 1, when: "2026-01-01", msg: "plain message", err: { message: "outer", cause: { message: expect.stringContaining("signature=[redacted]") as string } } });
  });
});
