import { describe, expect, it } from "vitest";
import { checkClock } from "@/server/storage-check/clock-check";
import { detectVendor, storageVendors, type StorageVendor } from "@/server/storage-check/detect-vendor";
import { bucketMissingFix, corsFix, credentialsFix, lifecycleFix, takesBucketCorsThroughS3Api, type FixContext } from "@/server/storage-check/fix-texts";

const context = (vendor: StorageVendor): FixContext => ({ vendor, bucket: "my-photos", endpoint: "https://storage.example.net", region: "eu-central-1", origin: "https://pix.example.com" });

describe("detectVendor", () => {
  it.each([
    ["https://s3.eu-central-1.amazonaws.com", {}, "aws"],
    ["https://s3.amazonaws.com", {}, "aws"],
    ["https://0123abcd.r2.cloudflarestorage.com", {}, "r2"],
    ["https://s3.us-west-004.backblazeb2.com", {}, "b2"],
    ["https://s3.eu-central-2.wasabisys.com", {}, "wasabi"],
    ["https://fra1.digitaloceanspaces.com", {}, "spaces"],
    ["http://127.0.0.1:9000", { Server: "MinIO" }, "minio"],
    ["http://127.0.0.1:9000", { "x-minio-deployment-id": "c0ffee" }, "minio"],
    ["http://garage.lan:3900", { server: "Garage/v1.0.1" }, "garage"],
    ["http://127.0.0.1:7480", { "x-amz-request-id": "tx000002f81ec3c3771b15e-006b0f4e86-100a-default" }, "ceph"],
    ["http://storage.lan:8080", { server: "nginx" }, "generic"],
    ["http://storage.lan:8080", {}, "generic"],
  ] as const)("%s with %j is %s", (endpoint, headers, vendor) => {
    expect(detectVendor(endpoint, headers)).toBe(vendor);
  });

  it("reads Headers objects case-insensitively", () => {
    expect(detectVendor("http://10.0.0.2:9000", new Headers({ SERVER: "MinIO" }))).toBe("minio");
  });

  it("is not fooled by a host that only contains a vendor's name", () => {
    expect(detectVendor("https://amazonaws.com.evil.example", {})).toBe("generic");
  });
});

describe("CORS fix texts", () => {
  it.each(storageVendors)("%s names the origin, and ETag unless the vendor exposes it by itself", (vendor) => {
    const text = corsFix(context(vendor));
    expect(text).toContain("https://pix.example.com");
    if (vendor !== "minio") expect(text).toContain("ETag");
  });

  it("AWS gives console JSON and aws s3api put-bucket-cors without an endpoint", () => {
    const text = corsFix(context("aws"));
    expect(text).toContain("Permissions → Cross-origin resource sharing");
    expect(text).toContain("aws s3api put-bucket-cors --bucket my-photos");
    expect(text).not.toContain("--endpoint-url");
  });

  it("MinIO uses mc, per deployment", () => {
    expect(corsFix(context("minio"))).toContain('mc admin config set pix api cors_allow_origin="https://pix.example.com"');
  });

  it("R2 gives the dashboard JSON", () => {
    const text = corsFix(context("r2"));
    expect(text).toContain("Cloudflare dashboard → R2 → my-photos → Settings → CORS Policy");
    expect(JSON.parse(text.split("\n")[1]!)).toEqual([expect.objectContaining({ AllowedOrigins: ["https://pix.example.com"], ExposeHeaders: ["ETag"] })]);
  });

  it("B2 gives b2 bucket update with B2's own rule format", () => {
    const text = corsFix(context("b2"));
    expect(text).toMatch(/b2 bucket update --cors-rules '.*"allowedOperations":\["s3_get","s3_head","s3_put"\].*' my-photos/);
  });

  it.each(["ceph", "wasabi", "garage", "generic", "spaces"] as const)("%s uses s3api against its own endpoint", (vendor) => {
    const text = corsFix(context(vendor));
    expect(text).toContain("aws --endpoint-url https://storage.example.net s3api put-bucket-cors --bucket my-photos");
    const json = /<<'JSON'\n(.*)\nJSON/.exec(text)![1]!;
    expect(JSON.parse(json).CORSRules[0]).toMatchObject({ AllowedMethods: ["GET", "HEAD", "PUT"], AllowedHeaders: ["*"], ExposeHeaders: ["ETag"] });
  });

  it("--fix only where the vendor takes bucket CORS through the S3 API", () => {
    expect(storageVendors.filter((vendor) => !takesBucketCorsThroughS3Api(vendor))).toEqual(["minio", "b2"]);
  });
});

describe("other fix texts", () => {
  it.each([
    ["aws", "aws s3 mb s3://my-photos --region eu-central-1"],
    ["minio", "mc mb pix/my-photos"],
    ["r2", "wrangler r2 bucket create my-photos"],
    ["b2", "b2 bucket create my-photos allPrivate"],
    ["garage", "garage bucket create my-photos"],
    ["ceph", "aws --endpoint-url https://storage.example.net s3 mb s3://my-photos"],
  ] as const)("a missing bucket on %s: %s", (vendor, expected) => {
    expect(bucketMissingFix(context(vendor))).toContain(expected);
  });

  it.each(storageVendors)("credentials on %s name both variables", (vendor) => {
    expect(credentialsFix(context(vendor))).toMatch(/S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY/);
  });

  it("the lifecycle rule aborts incomplete uploads, with the endpoint where it is not AWS", () => {
    expect(lifecycleFix(context("aws"))).toMatch(/^aws s3api put-bucket-lifecycle-configuration --bucket my-photos .*AbortIncompleteMultipartUpload/);
    expect(lifecycleFix(context("ceph"))).toContain("aws --endpoint-url https://storage.example.net s3api put-bucket-lifecycle-configuration");
    expect(lifecycleFix(context("minio"))).toContain("stale_uploads_expiry");
  });
});

describe("checkClock", () => {
  const storage = "Tue, 01 Dec 2026 12:00:00 GMT";
  const at = (seconds: number) => new Date(Date.parse(storage) + seconds * 1000);
  it.each([
    [0, "ok"],
    [-59, "ok"],
    [90, "warn"],
    [-14 * 60, "warn"],
    [16 * 60, "fail"],
    [-20 * 60, "fail"],
  ] as const)("%i s off is %s", (seconds, status) => {
    expect(checkClock(storage, at(seconds)).status).toBe(status);
  });
  it("says which way and how far", () => {
    expect(checkClock(storage, at(-20 * 60)).message).toContain("1200 s behind");
  });
  it("warns when storage sends no Date", () => {
    expect(checkClock(null, new Date()).status).toBe("warn");
  });
});
