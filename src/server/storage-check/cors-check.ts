import "server-only";
import { randomBytes, createHash } from "node:crypto";
import { corsFix } from "./fix-texts";
import { describeFailure } from "./describe-s3-error";
import { newProbeKey } from "./object-checks";
import { probeSignal, type ProbeContext } from "./probe-context";
import { fail, ok, type StorageCheckResult } from "./storage-check-result";

/** The request headers the uploader sends with a single-file PUT (part PUTs send none). */
export const UPLOAD_REQUEST_HEADERS = ["content-md5", "content-type"];

const listed = (value: string | null) => (value ?? "").toLowerCase().split(",").map((item) => item.trim()).filter(Boolean);

/**
 * A real browser preflight, as the uploader's PUT causes it: OPTIONS with the app's Origin, the
 * PUT method and the exact headers; then a real cross-origin PUT, to see that ETag is readable.
 */
export async function checkCors(probe: ProbeContext): Promise<StorageCheckResult> {
  const { origin } = probe.fix;
  const key = newProbeKey();
  const bytes = randomBytes(16);
  const md5 = createHash("md5").update(bytes).digest("base64");
  try {
    const put = await probe.driver.presignPut({ key, contentType: "image/jpeg", contentLength: bytes.length, contentMd5: md5, expiresInSeconds: 300 });
    const preflight = await fetch(put.url, {
      method: "OPTIONS",
      headers: { Origin: origin, "Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": UPLOAD_REQUEST_HEADERS.join(",") },
      signal: probeSignal(),
    });
    await preflight.body?.cancel();
    const allowOrigin = preflight.headers.get("access-control-allow-origin");
    const methods = listed(preflight.headers.get("access-control-allow-methods"));
    const headers = listed(preflight.headers.get("access-control-allow-headers"));
    const problems: string[] = [];
    if (preflight.status >= 300) problems.push(`the preflight answered HTTP ${preflight.status}`);
    if (allowOrigin !== origin && allowOrigin !== "*") problems.push(`${origin} is not an allowed origin`);
    if (methods.length > 0 && !methods.includes("put")) problems.push("PUT is not an allowed method");
    const missingHeaders = UPLOAD_REQUEST_HEADERS.filter((name) => !headers.includes(name) && !headers.includes("*"));
    if (preflight.status < 300 && missingHeaders.length > 0) problems.push(`the headers ${missingHeaders.join(", ")} are not allowed`);
    if (problems.length > 0) {
      return fail("cors", `Browsers cannot upload to the bucket from ${origin}: ${problems.join("; ")}.`, corsFix(probe.fix));
    }

    const sent = await fetch(put.url, { method: "PUT", headers: { ...put.headers, Origin: origin }, body: new Uint8Array(bytes), signal: probeSignal() });
    await sent.body?.cancel();
    const exposed = listed(sent.headers.get("access-control-expose-headers"));
    if (sent.status < 300 && !exposed.includes("etag") && !exposed.includes("*")) {
      return fail("cors", `Uploads from ${origin} pass the preflight, but ETag is not exposed (Access-Control-Expose-Headers), so big files cannot finish.`, corsFix(probe.fix));
    }
    return ok("cors", `A browser at ${origin} may PUT with ${UPLOAD_REQUEST_HEADERS.join(" and ")}, and can read ETag.`);
  } catch (error) {
    return fail("cors", `The CORS preflight could not be sent: ${describeFailure(error)}.`, corsFix(probe.fix));
  } finally {
    await probe.driver.delete(key).catch(() => undefined);
  }
}
