import { GetObjectCommand, PutObjectCommand, S3Client, UploadPartCommand } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { describe, expect, it } from "vitest";
import { SigV4Presigner } from "@/server/storage/sigv4-presigner";

const credentials = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
const signedAt = new Date("2026-01-02T03:04:05Z");

describe.each([
  { endpoint: "http://127.0.0.1:7480", forcePathStyle: true },
  { endpoint: "https://s3.eu-central-1.amazonaws.com", forcePathStyle: false },
])("SigV4Presigner on $endpoint (path style: $forcePathStyle)", ({ endpoint, forcePathStyle }) => {
  const region = endpoint.includes("eu-central-1") ? "eu-central-1" : "us-east-1";
  const sdk = new S3Client({ endpoint, region, forcePathStyle, credentials, requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED" });
  const ours = new SigV4Presigner({ endpoint, region, bucket: "photos", forcePathStyle, ...credentials });

  it("signs a PUT bound to length, type and MD5 exactly as the SDK does", async () => {
    const key = "images/owner/x y~!'()*/original";
    const expected = await getSignedUrl(sdk, new PutObjectCommand({ Bucket: "photos", Key: key, ContentType: "image/png", ContentLength: 1234, ContentMD5: "1B2M2Y8AsgTpgAmY7PhCfg==" }), {
      expiresIn: 600,
      signingDate: signedAt,
      signableHeaders: new Set(["content-type", "content-md5"]),
    });
    const actual = ours.presign({
      method: "PUT",
      key,
      operation: "PutObject",
      headers: { "content-length": "1234", "content-md5": "1B2M2Y8AsgTpgAmY7PhCfg==", "content-type": "image/png" },
      expiresInSeconds: 600,
      signedAt,
    });
    expect(actual).toBe(expected);
  });

  it("signs a GET with response overrides exactly as the SDK does", async () => {
    const disposition = `inline; filename="Sommer am Meer.jpg"; filename*=UTF-8''Sommer%20am%20Meer.jpg`;
    const expected = await getSignedUrl(sdk, new GetObjectCommand({ Bucket: "photos", Key: "k/original", ResponseContentType: "image/jpeg", ResponseContentDisposition: disposition }), {
      expiresIn: 4500,
      signingDate: signedAt,
    });
    const actual = ours.presign({
      method: "GET",
      key: "k/original",
      operation: "GetObject",
      query: { "response-content-type": "image/jpeg", "response-content-disposition": disposition },
      expiresInSeconds: 4500,
      signedAt,
    });
    expect(actual).toBe(expected);
  });

  it("signs an UploadPart bound to its length exactly as the SDK does", async () => {
    const expected = await getSignedUrl(sdk, new UploadPartCommand({ Bucket: "photos", Key: "k", UploadId: "2~abc/def=", PartNumber: 7, ContentLength: 5242880 }), {
      expiresIn: 600,
      signingDate: signedAt,
    });
    const actual = ours.presign({
      method: "PUT",
      key: "k",
      operation: "UploadPart",
      query: { partNumber: "7", uploadId: "2~abc/def=" },
      headers: { "content-length": "5242880" },
      expiresInSeconds: 600,
      signedAt,
    });
    expect(actual).toBe(expected);
  });
});
