/**
 * bench presign: µs per presigned PUT URL when signing batches of 100 through the S3 driver
 * (bound to length, type and MD5), against a minimal SigV4 presign written here with node:crypto
 * (the floor), and the AWS SDK's getSignedUrl for context. Pure CPU: no server needed.
 */
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { createHash, createHmac } from "node:crypto";
import { S3StorageDriver } from "@/server/storage/s3";
import { benchLine } from "./_measure";

const BATCH = 100;
const ROUNDS = 200;
const config = {
  driver: "s3" as const,
  endpoint: "http://127.0.0.1:7480",
  region: "us-east-1",
  bucket: "photos",
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
  forcePathStyle: true,
};

/** The floor: the least code that yields a valid SigV4 query signature for this PUT. */
function minimalPresign(key: string, length: number, type: string, md5: string, now: Date): string {
  const amzDate = now.toISOString().replace(/[-:]|\.\d{3}/g, "");
  const day = amzDate.slice(0, 8);
  const scope = `${day}/${config.region}/s3/aws4_request`;
  const query = `X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${encodeURIComponent(`${config.accessKeyId}/${scope}`)}&X-Amz-Date=${amzDate}&X-Amz-Expires=600&X-Amz-SignedHeaders=content-length%3Bcontent-md5%3Bcontent-type%3Bhost`;
  const path = `/${config.bucket}/${key}`;
  const canonical = `PUT\n${path}\n${query}\ncontent-length:${length}\ncontent-md5:${md5}\ncontent-type:${type}\nhost:127.0.0.1:7480\n\ncontent-length;content-md5;content-type;host\nUNSIGNED-PAYLOAD`;
  const toSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${createHash("sha256").update(canonical).digest("hex")}`;
  let signingKey = createHmac("sha256", `AWS4${config.secretAccessKey}`).update(day).digest();
  for (const part of [config.region, "s3", "aws4_request"]) signingKey = createHmac("sha256", signingKey).update(part).digest();
  return `${config.endpoint}${path}?${query}&X-Amz-Signature=${createHmac("sha256", signingKey).update(toSign).digest("hex")}`;
}

async function microsPerUrl(signBatch: (round: number) => Promise<unknown>): Promise<number> {
  for (let round = 0; round < 20; round += 1) await signBatch(round); // warm-up
  const started = process.hrtime.bigint();
  for (let round = 0; round < ROUNDS; round += 1) await signBatch(round);
  return Number(process.hrtime.bigint() - started) / 1000 / (ROUNDS * BATCH);
}

const keyOf = (round: number, index: number) => `images/owner/${round}-${index}/original`;
const md5 = "1B2M2Y8AsgTpgAmY7PhCfg==";

export async function run(): Promise<void> {
  const driver = new S3StorageDriver(config);
  const ours = await microsPerUrl((round) =>
    Promise.all(Array.from({ length: BATCH }, (_, index) => driver.presignPut({ key: keyOf(round, index), contentType: "image/jpeg", contentLength: 2_000_000 + index, contentMd5: md5, expiresInSeconds: 600 }))),
  );
  const floor = await microsPerUrl(async (round) => {
    const now = new Date();
    for (let index = 0; index < BATCH; index += 1) minimalPresign(keyOf(round, index), 2_000_000 + index, "image/jpeg", md5, now);
  });
  const client = new S3Client({ ...config, credentials: config, requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED" });
  const sdk = await microsPerUrl((round) =>
    Promise.all(
      Array.from({ length: BATCH }, (_, index) =>
        getSignedUrl(client, new PutObjectCommand({ Bucket: config.bucket, Key: keyOf(round, index), ContentType: "image/jpeg", ContentLength: 2_000_000 + index, ContentMD5: md5 }), {
          expiresIn: 600,
          signableHeaders: new Set(["content-type", "content-md5"]),
        }),
      ),
    ),
  );
  console.log(`AWS SDK getSignedUrl, for context: ${sdk.toFixed(1)} µs per URL (${(sdk / ours).toFixed(1)}x ours)`);
  console.log(benchLine("presign", ours, floor, "µs/URL"));
}
