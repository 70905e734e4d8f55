import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { DeleteBucketCorsCommand, type S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "@/server/config";
import { runStorageChecks } from "@/server/storage-check/run-storage-checks";
import type { StorageCheckResult } from "@/server/storage-check/storage-check-result";
import { expectError } from "../helpers/expect-error";
import { runCli } from "../helpers/run-cli";
import { startTestApp, type TestApp } from "../helpers/test-app";
import { createTestBucket, createTestS3Client, requireTestEnv } from "../helpers/test-env";

// The doctor against the real RGW, each case on a fresh bucket with the rig's CORS rule.
// http://127.0.0.1:3140 is one of the origins that rule allows (scripts/rig/bucket-cors.json).
const ORIGIN = "http://127.0.0.1:3140";

const byName = (results: StorageCheckResult[]) => Object.fromEntries(results.map((result) => [result.name, result]));

describe("storage checks against RGW", () => {
  let dataDir: string;
  let bucket: { bucket: string; drop(): Promise<void> };
  let client: S3Client;

  const env = (overrides: Record<string, string> = {}) => {
    const test = requireTestEnv();
    return {
      S3_ENDPOINT: test.TEST_S3_ENDPOINT,
      S3_ACCESS_KEY_ID: test.TEST_S3_ACCESS_KEY_ID,
      S3_SECRET_ACCESS_KEY: test.TEST_S3_SECRET_ACCESS_KEY,
      S3_REGION: test.TEST_S3_REGION,
      S3_BUCKET_NAME: bucket.bucket,
      PIXBUCKET_PUBLIC_URL: ORIGIN,
      PIXBUCKET_DATA_DIR: dataDir,
      LOG_LEVEL: "silent",
      ...overrides,
    };
  };
  const check = (overrides: Record<string, string> = {}, options: Parameters<typeof runStorageChecks>[1] = {}) => runStorageChecks(loadConfig(env(overrides)), options);

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), "pixbucket-doctor-"));
    bucket = await createTestBucket();
    client = await createTestS3Client();
  });
  afterAll(async () => {
    client?.destroy();
    await bucket?.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("passes every check with the rig's CORS rule, and leaves nothing in the bucket", async () => {
    const results = await check();
    expect(results.map((result) => result.name)).toEqual([
      "config", "endpoint", "credentials", "bucket", "addressing", "clock", "presigned-put", "multipart", "cors", "checksums", "lifecycle",
    ]);
    expect(results.filter((result) => result.status === "fail")).toEqual([]);
    expect(byName(results).endpoint!.message).toContain("Ceph RGW");
    expect(byName(results).lifecycle!.status).toBe("warn"); // the rig sets no lifecycle rule
    const { ListObjectsV2Command } = await import("@aws-sdk/client-s3");
    expect((await client.send(new ListObjectsV2Command({ Bucket: bucket.bucket }))).KeyCount).toBe(0);
  });

  it("with CORS removed fails naming CORS with the RGW fix, and --fix makes it pass", async () => {
    await client.send(new DeleteBucketCorsCommand({ Bucket: bucket.bucket }));
    const broken = byName(await check());
    expect(broken.cors).toMatchObject({ status: "fail" });
    expect(broken.cors!.message).toContain(ORIGIN);
    expect(broken.cors!.fix).toContain("Ceph RGW takes bucket CORS through the S3 API");
    expect(broken.cors!.fix).toContain(`s3api put-bucket-cors --bucket ${bucket.bucket}`);

    const fixed = byName(await check({}, { fix: true }));
    expect(fixed.cors).toMatchObject({ status: "ok" });
    expect(fixed.cors!.message).toMatch(/^Fixed: applied the CORS rule/);
    expect(byName(await check()).cors!.status).toBe("ok"); // it stays fixed
  });

  it("a wrong secret fails at credentials and stops there", async () => {
    const results = await check({ S3_SECRET_ACCESS_KEY: "not-the-secret-0123456789" });
    expect(results.at(-1)!.name).not.toBe("presigned-put");
    expect(byName(results).credentials).toMatchObject({ status: "fail" });
    expect(byName(results).credentials!.message).toContain("SignatureDoesNotMatch");
    expect(byName(results).credentials!.fix).toContain("radosgw-admin");
    expect(results.some((result) => result.name === "cors")).toBe(false);
  });

  it("a missing bucket fails with how to create it", async () => {
    const results = byName(await check({ S3_BUCKET_NAME: "pixbucket-no-such-bucket" }));
    expect(results.credentials!.status).toBe("ok");
    expect(results.bucket).toMatchObject({ status: "fail", message: "Bucket pixbucket-no-such-bucket does not exist." });
    expect(results.bucket!.fix).toContain("s3 mb s3://pixbucket-no-such-bucket");
  });

  it("a skewed clock warns beyond a minute and fails beyond 15", async () => {
    const skewed = (minutes: number) => () => new Date(Date.now() + minutes * 60_000);
    expect(byName(await check({}, { now: skewed(5) })).clock).toMatchObject({ status: "warn" });
    const far = byName(await check({}, { now: skewed(-20) })).clock!;
    expect(far).toMatchObject({ status: "fail" });
    expect(far.message).toMatch(/\d+ s behind/);
    expect(far.fix).toContain("timedatectl set-ntp true");
  });

  it("pixbucket doctor prints the lines, --json the checks, and exits 1 only on a failure", async () => {
    const good = await runCli(["doctor"], { env: env() });
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toMatch(/^ok {4}config/m);
    expect(good.stdout).toMatch(/^ok {4}cors/m);

    const bad = await runCli(["doctor", "--json"], { env: env({ S3_BUCKET_NAME: "pixbucket-no-such-bucket" }) });
    expect(bad.code).toBe(1);
    const { checks } = JSON.parse(bad.stdout) as { checks: StorageCheckResult[] };
    expect(checks.find((result) => result.name === "bucket")?.status).toBe("fail");

    const config = await runCli(["doctor"], { env: env({ S3_REGION: "", S3_ENDPOINT: "not a url" }) });
    expect(config.code).toBe(1);
    expect(config.stdout).toMatch(/^fail {2}config +S3_ENDPOINT:/m);
  });
});

describe("GET /api/admin/storage-check", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp("s3", { PIXBUCKET_SWEEP_INTERVAL_SECONDS: "0" });
  });
  afterAll(async () => {
    await app?.close();
  });

  it("answers an admin with the doctor's checks, and 403 to anyone else", async () => {
    const response = await app.api("/api/admin/storage-check");
    expect(response.status).toBe(200);
    const { checks } = (await response.json()) as { checks: StorageCheckResult[] };
    expect(checks.map((result) => result.name)).toContain("cors");
    // The test app's origin is a random port the rig's rule does not list: a real failure, with the fix.
    expect(checks.find((result) => result.name === "cors")).toMatchObject({ status: "fail", fix: expect.stringContaining(app.origin) });
    expect(checks.find((result) => result.name === "presigned-put")?.status).toBe("ok");

    const user = await app.createUser("user");
    await expectError(await user.api("/api/admin/storage-check"), 403, "forbidden");
    await expectError(await app.anonymous("/api/admin/storage-check"), 401, "unauthorized");
  });
});
