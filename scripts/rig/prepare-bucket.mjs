// Creates the shared test bucket on the local S3 server (idempotent) and applies the CORS rule
// from bucket-cors.json: the browser tests upload straight to S3 from the e2e app origins
// (ports 3100 to 3103, the last the nginx in front of two instances, moved by 10 per PIXBUCKET_RIG_SLOT), and the uploader reads each part's ETag, so it must be exposed.
// Reads TEST_S3_* from the environment; scripts/services.sh start runs it after writing env.sh.
import { readFileSync } from "node:fs";
import { CreateBucketCommand, HeadBucketCommand, PutBucketCorsCommand, S3Client } from "@aws-sdk/client-s3";

const names = ["TEST_S3_ENDPOINT", "TEST_S3_ACCESS_KEY_ID", "TEST_S3_SECRET_ACCESS_KEY", "TEST_S3_REGION", "TEST_S3_BUCKET"];
const missing = names.filter((name) => !process.env[name]);
if (missing.length > 0) {
  console.error(`prepare-bucket: missing ${missing.join(", ")}; source .test-services/env.sh first`);
  process.exit(1);
}
const env = /** @type {Record<string, string>} */ (process.env);
const bucket = env.TEST_S3_BUCKET;
const cors = JSON.parse(readFileSync(new URL("./bucket-cors.json", import.meta.url), "utf8"));

// WHEN_REQUIRED: RGW 16 rejects the SDK's default aws-chunked uploads with checksum trailers.
const client = new S3Client({
  endpoint: env.TEST_S3_ENDPOINT,
  region: env.TEST_S3_REGION,
  credentials: { accessKeyId: env.TEST_S3_ACCESS_KEY_ID, secretAccessKey: env.TEST_S3_SECRET_ACCESS_KEY },
  forcePathStyle: true,
  requestChecksumCalculation: "WHEN_REQUIRED",
  responseChecksumValidation: "WHEN_REQUIRED",
});

try {
  await client.send(new HeadBucketCommand({ Bucket: bucket }));
} catch (error) {
  if (error?.$metadata?.httpStatusCode !== 404) throw error;
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  console.log(`prepare-bucket: created ${bucket}`);
}
await client.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: cors }));
console.log(`prepare-bucket: CORS applied to ${bucket}`);
client.destroy();
