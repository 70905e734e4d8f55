import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleValue } from "../helpers/prometheus-text";
import { startTestApp, type TestApp } from "../helpers/test-app";
import { signUploads, uploadFile } from "../helpers/upload-client";
import { makeRealPhoto } from "../fixtures/real-photos";

const METRICS_TOKEN = "metrics-token-for-tests-0123456789";
const PHOTO = "/usr/share/wallpapers/FallenLeaf/contents/images/1280x800.jpg";

describe("request ids, metrics and absolute URLs (local storage + PGlite, no public URL configured)", () => {
  let app: TestApp;
  const scrape = async () => {
    const response = await app.anonymous("/api/metrics", { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    return response.text();
  };

  beforeAll(async () => {
    // An empty PIXBUCKET_PUBLIC_URL counts as unset: URLs must come from the request's own origin.
    app = await startTestApp("embedded", { PIXBUCKET_PUBLIC_URL: "", PIXBUCKET_METRICS_TOKEN: METRICS_TOKEN });
  });
  afterAll(() => app?.close());

  it("answers every request with its own X-Request-Id, and puts it in error bodies", async () => {
    const [a, b] = await Promise.all([app.api("/api/images"), app.api("/api/health")]);
    const ids = [a.headers.get("x-request-id"), b.headers.get("x-request-id")];
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(ids[0]).not.toBe(ids[1]);

    // A client-sent id is not echoed back: the server makes its own.
    const refused = await app.anonymous("/api/images", { headers: { "x-request-id": "forged-id" } });
    expect(refused.status).toBe(401);
    const body = (await refused.json()) as { error: { code: string; message: string; requestId: string } };
    expect(body.error.code).toBe("unauthorized");
    expect(body.error.requestId).toBe(refused.headers.get("x-request-id"));
    expect(body.error.requestId).not.toBe("forged-id");

    // The storage routes' own errors carry it too.
    const unsigned = await app.anonymous("/api/storage/some/key");
    expect(unsigned.status).toBe(403);
    expect(((await unsigned.json()) as { error: { requestId: string } }).error.requestId).toBe(unsigned.headers.get("x-request-id"));
  });

  it("signs absolute local URLs on the request's origin, so API clients use them as they are", async () => {
    const photo = await readFile(PHOTO);
    const { id, complete } = await uploadFile(app, { name: "leaf.jpg", type: "image/jpeg", bytes: photo });
    expect(complete.status).toBe(201);
    const listed = (await (await app.api(`/api/images/${id}`)).json()) as { image: { url: string; thumbnailUrl: string } };
    for (const url of [listed.image.url, listed.image.thumbnailUrl]) expect(url.startsWith(`${app.origin}/api/storage/`), url).toBe(true);
    const thumbnail = await fetch(listed.image.thumbnailUrl);
    expect(thumbnail.status).toBe(200);
    expect(thumbnail.headers.get("content-type")).toBe("image/webp");
  });

  it("counts signed-URL cache hits: a gallery page asked for twice is signed once", async () => {
    const photo = await makeRealPhoto({ source: 10, width: 800, height: 600 }); // each test its own photo: a repeat would be a duplicate
    expect((await uploadFile(app, { name: "cached.jpg", type: "image/jpeg", bytes: photo })).complete.status).toBe(201);
    expect((await app.api("/api/images?limit=1")).status).toBe(200);
    const before = await scrape();
    const again = (await (await app.api("/api/images?limit=1")).json()) as { images: { url: string }[] };
    const after = await scrape();
    const delta = (result: string) => sampleValue(after, "pixbucket_signed_url_cache_total", `result="${result}"`) - sampleValue(before, "pixbucket_signed_url_cache_total", `result="${result}"`);
    // Original and thumbnail, both from the cache; the URLs still work.
    expect(delta("hit")).toBe(2);
    expect(delta("miss")).toBe(0);
    expect((await fetch(again.images[0]!.url)).status).toBe(200);
  });

  it("serves Prometheus text only with the metrics token, counting requests, uploads and refusals", async () => {
    expect((await app.anonymous("/api/metrics")).status).toBe(401);
    expect((await app.anonymous("/api/metrics", { headers: { authorization: "Bearer wrong-token-0123456789" } })).status).toBe(401);
    // A user's API token is not the metrics token.
    expect((await app.api("/api/metrics")).status).toBe(401);

    const before = await scrape();
    const photo = await makeRealPhoto({ source: 11, width: 800, height: 600 });
    expect((await uploadFile(app, { name: "ok.jpg", type: "image/jpeg", bytes: photo })).complete.status).toBe(201);
    // Declared a JPEG, sent text: verification refuses it by its content type.
    const text = Buffer.from("this is a shell script, not a photo\n".repeat(50));
    const mislabelled = await uploadFile(app, { name: "fake.jpg", type: "image/jpeg", bytes: text });
    expect(mislabelled.complete.status).toBe(422);
    // Refused when signing: an SVG.
    expect((await signUploads(app, [{ name: "x.svg", type: "image/svg+xml", size: 100 }])).status).toBe(200);
    const after = await scrape();

    const delta = (name: string, labels = "") => sampleValue(after, name, labels) - sampleValue(before, name, labels);
    expect(delta("pixbucket_uploads_signed_total")).toBe(2);
    expect(delta("pixbucket_uploads_completed_total")).toBe(1);
    expect(delta("pixbucket_uploads_rejected_total", 'reason="type"')).toBe(1);
    expect(delta("pixbucket_uploads_rejected_total", 'reason="unsupported_type"')).toBe(1);
    expect(delta("pixbucket_verification_seconds_count")).toBe(2);
    expect(delta("pixbucket_http_request_duration_seconds_count", 'route="/api/uploads/[id]/complete",method="POST",status="201"')).toBe(1);
    expect(delta("pixbucket_http_request_duration_seconds_count", 'route="/api/uploads/[id]/complete",method="POST",status="422"')).toBe(1);
    expect(sampleValue(after, "pixbucket_process_resident_memory_bytes")).toBeGreaterThan(10_000_000);
    // Labels name route patterns, never raw ids.
    expect(after).not.toMatch(/route="\/api\/uploads\/[A-Za-z0-9_-]{10,}/);
  });
});

describe("GET /api/metrics without a configured token", () => {
  it("does not exist (404), whatever is sent", async () => {
    const app = await startTestApp("embedded");
    try {
      const response = await app.anonymous("/api/metrics", { headers: { authorization: "Bearer anything-at-all-0123" } });
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("not_found");
    } finally {
      await app.close();
    }
  }, 180_000); // a fresh embedded database takes a minute or more to start on a loaded machine
});
