import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeRealPhoto } from "../fixtures/real-photos";
import { expectError } from "../helpers/expect-error";
import { startTestApp, type TestApp } from "../helpers/test-app";
import { uploadFile } from "../helpers/upload-client";

describe.each(["embedded", "s3"] as const)("photo details on the %s stack", (stack) => {
  let app: TestApp;
  let cameraPhotoId: string;
  let plainPhotoId: string;

  beforeAll(async () => {
    app = await startTestApp(stack, { PIXBUCKET_SWEEP_INTERVAL_SECONDS: "0" });
    const fromCamera = await makeRealPhoto({
      source: 2,
      width: 1200,
      height: 800,
      takenAt: new Date("2021-08-14T16:42:05Z"),
      camera: { make: "FUJIFILM", model: "X-T4" },
      lens: "XF16-55mmF2.8 R LM WR",
      exposure: { seconds: "1/250", fNumber: 5.6, iso: 400, focalLengthMm: 23 },
      gps: { lat: 46.5587, lon: -8.5612 },
    });
    const camera = await uploadFile(app, { name: "pass.jpg", type: "image/jpeg", bytes: fromCamera });
    expect(camera.complete.status).toBe(201);
    cameraPhotoId = camera.id;
    const plain = await uploadFile(app, { name: "plain.jpg", type: "image/jpeg", bytes: await makeRealPhoto({ source: 6, width: 640, height: 480 }) });
    expect(plain.complete.status).toBe(201);
    plainPhotoId = plain.id;
  });
  afterAll(() => app?.close());

  it("gives the owner date taken, camera, lens, exposure, GPS and what verification measured", async () => {
    const response = await app.api(`/api/images/${cameraPhotoId}/details`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toContain("no-store");
    const { details } = (await response.json()) as { details: Record<string, unknown> };
    expect(details).toMatchObject({
      name: "pass.jpg",
      type: "image/jpeg",
      width: 1200,
      height: 800,
      takenAt: "2021-08-14T16:42:05.000Z",
      takenAtOffset: "+00:00",
      camera: { make: "FUJIFILM", model: "X-T4" },
      lens: "XF16-55mmF2.8 R LM WR",
      exposure: { timeSeconds: 0.004, fNumber: 5.6, iso: 400, focalLengthMm: 23 },
    });
    const gps = details.gps as { lat: number; lon: number };
    expect(gps.lat).toBeCloseTo(46.5587, 3);
    expect(gps.lon).toBeCloseTo(-8.5612, 3);
    expect(typeof details.size).toBe("number");
    expect(typeof details.uploadedAt).toBe("string");
  });

  it("a photo whose file says nothing: every EXIF field is null", async () => {
    const { details } = (await (await app.api(`/api/images/${plainPhotoId}/details`)).json()) as { details: Record<string, unknown> };
    expect(details).toMatchObject({ takenAt: null, takenAtOffset: null, camera: null, lens: null, exposure: null, gps: null, width: 640, height: 480 });
  });

  it("another account, a stranger and an unknown id all get 404; the image list carries no GPS", async () => {
    const other = await app.createUser();
    await expectError(await other.api(`/api/images/${cameraPhotoId}/details`), 404, "not_found");
    await expectError(await fetch(`${app.origin}/api/images/${cameraPhotoId}/details`), 401, "unauthorized");
    await expectError(await app.api(`/api/images/no-such-image/details`), 404, "not_found");
    const list = await (await app.api("/api/images?limit=10")).text();
    expect(list).not.toContain("46.55");
    expect(list).not.toContain("FUJIFILM");
  });
});
