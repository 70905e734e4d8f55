import type { StorageVendor } from "./detect-vendor";

/** What a fix text may name: the configured bucket and endpoint, and the origin browsers upload from. */
export interface FixContext {
  vendor: StorageVendor;
  bucket: string;
  endpoint: string;
  region: string;
  origin: string;
}

/** The rule as the S3 API takes it; the same one `pixbucket doctor --fix` applies. */
function corsRules(origin: string) {
  return [{ AllowedOrigins: [origin], AllowedMethods: ["GET", "HEAD", "PUT"], AllowedHeaders: ["*"], ExposeHeaders: ["ETag"], MaxAgeSeconds: 3600 }];
}

const s3apiCors = (fix: FixContext, endpointFlag: boolean) =>
  `cat > cors.json <<'JSON'\n${JSON.stringify({ CORSRules: corsRules(fix.origin) })}\nJSON\n` +
  `aws ${endpointFlag ? `--endpoint-url ${fix.endpoint} ` : ""}s3api put-bucket-cors --bucket ${fix.bucket} --cors-configuration file://cors.json`;

/** The exact steps that give the bucket the CORS rule browsers need, in the vendor's own tools. */
export function corsFix(fix: FixContext): string {
  switch (fix.vendor) {
    case "aws":
      return (
        `S3 console → ${fix.bucket} → Permissions → Cross-origin resource sharing (CORS) → Edit, paste:\n` +
        `${JSON.stringify(corsRules(fix.origin))}\nor with the AWS CLI:\n${s3apiCors(fix, false)}\n(or run: pixbucket doctor --fix)`
      );
    case "minio":
      return (
        `MinIO sets CORS for the whole deployment, not per bucket:\n` +
        `mc alias set pix ${fix.endpoint} "$S3_ACCESS_KEY_ID" "$S3_SECRET_ACCESS_KEY"\n` +
        `mc admin config set pix api cors_allow_origin="${fix.origin}"\nmc admin service restart pix\n` +
        `(MinIO allows every header and exposes ETag once the origin is allowed.)`
      );
    case "r2":
      return (
        `Cloudflare dashboard → R2 → ${fix.bucket} → Settings → CORS Policy → Add CORS policy, paste:\n` +
        `${JSON.stringify(corsRules(fix.origin))}\n(or run: pixbucket doctor --fix, with a token that has Admin Read & Write)`
      );
    case "b2":
      return (
        `With the b2 command line tool (B2's own CORS rules take precedence over S3 API ones):\n` +
        `b2 bucket update --cors-rules '${JSON.stringify([
          { corsRuleName: "pixbucket", allowedOrigins: [fix.origin], allowedOperations: ["s3_get", "s3_head", "s3_put"], allowedHeaders: ["*"], exposeHeaders: ["ETag"], maxAgeSeconds: 3600 },
        ])}' ${fix.bucket}`
      );
    case "ceph":
      return `Ceph RGW takes bucket CORS through the S3 API:\n${s3apiCors(fix, true)}\n(or run: pixbucket doctor --fix)`;
    case "wasabi":
      return `Wasabi takes bucket CORS through the S3 API:\n${s3apiCors(fix, true)}\n(or run: pixbucket doctor --fix)`;
    case "spaces":
      return (
        `DigitalOcean control panel → Spaces → ${fix.bucket} → Settings → CORS Configurations → Add: origin ${fix.origin}, ` +
        `methods GET, HEAD, PUT, allowed header *, max age 3600; or through the S3 API:\n${s3apiCors(fix, true)}\n(or run: pixbucket doctor --fix)`
      );
    case "garage":
      return `Garage takes bucket CORS through the S3 API (garage 0.8+):\n${s3apiCors(fix, true)}\n(or run: pixbucket doctor --fix)`;
    case "generic":
      return `Give the bucket this CORS rule (S3 API JSON):\n${s3apiCors(fix, true)}\n(or run: pixbucket doctor --fix)`;
  }
}

/** Whether `--fix` can set CORS with PutBucketCors: MinIO sets it per deployment, B2's own rules shadow it. */
export function takesBucketCorsThroughS3Api(vendor: StorageVendor): boolean {
  return vendor !== "minio" && vendor !== "b2";
}

/** How to create the configured bucket with the vendor's tools. */
export function bucketMissingFix(fix: FixContext): string {
  switch (fix.vendor) {
    case "aws":
      return `aws s3 mb s3://${fix.bucket} --region ${fix.region}`;
    case "minio":
      return `mc alias set pix ${fix.endpoint} "$S3_ACCESS_KEY_ID" "$S3_SECRET_ACCESS_KEY" && mc mb pix/${fix.bucket}`;
    case "r2":
      return `Cloudflare dashboard → R2 → Create bucket "${fix.bucket}", or: npx wrangler r2 bucket create ${fix.bucket}`;
    case "b2":
      return `b2 bucket create ${fix.bucket} allPrivate (then give the application key access to it)`;
    case "garage":
      return `garage bucket create ${fix.bucket} && garage bucket allow --read --write --owner ${fix.bucket} --key "$S3_ACCESS_KEY_ID"`;
    case "ceph":
    case "wasabi":
    case "spaces":
    case "generic":
      return `aws --endpoint-url ${fix.endpoint} s3 mb s3://${fix.bucket}`;
  }
}

/** Where the vendor issues the keys, and which variables Pixbucket reads them from. */
export function credentialsFix(fix: FixContext): string {
  const where: Record<StorageVendor, string> = {
    aws: "IAM → Users → Security credentials → Create access key (with s3:* on the bucket)",
    minio: "mc admin user add pix ACCESS SECRET && mc admin policy attach pix readwrite --user ACCESS",
    r2: "Cloudflare dashboard → R2 → Manage R2 API Tokens → Create API token (Object Read & Write on the bucket)",
    b2: "b2 key create --bucket BUCKET pixbucket listBuckets,listFiles,readFiles,writeFiles,deleteFiles (use keyID and applicationKey)",
    ceph: "radosgw-admin user info --uid=USER (the keys[] entry), or radosgw-admin key create --uid=USER --key-type=s3 --gen-secret",
    wasabi: "Wasabi console → Access Keys → Create new access key",
    spaces: "DigitalOcean control panel → API → Spaces Keys → Generate New Key",
    garage: "garage key create pixbucket-key, then garage bucket allow --read --write --key pixbucket-key BUCKET",
    generic: "your storage provider's access keys page",
  };
  return `Set S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY to a working key pair (from: ${where[fix.vendor].replaceAll("BUCKET", fix.bucket)}). A trailing space or newline in either variable breaks the signature.`;
}

/** The lifecycle rule that lets storage drop multipart uploads nobody finished. */
export function lifecycleFix(fix: FixContext): string {
  const rule = JSON.stringify({ Rules: [{ ID: "abort-incomplete-uploads", Status: "Enabled", Filter: { Prefix: "" }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 2 } }] });
  if (fix.vendor === "minio") return `MinIO drops stale multipart uploads by itself; check: mc admin config get pix api (stale_uploads_expiry, default 24h).`;
  if (fix.vendor === "b2") return `B2 lifecycle rules cannot abort unfinished large files; Pixbucket's sweeper aborts its own expired uploads (PIXBUCKET_SWEEP_INTERVAL_SECONDS).`;
  const endpoint = fix.vendor === "aws" ? "" : `--endpoint-url ${fix.endpoint} `;
  return `aws ${endpoint}s3api put-bucket-lifecycle-configuration --bucket ${fix.bucket} --lifecycle-configuration '${rule}'`;
}

export function regionFix(fix: FixContext, answeredRegion: string): string {
  return `Set S3_REGION=${answeredRegion} (the bucket lives there; S3_REGION is ${fix.region}).`;
}

export const clockFix =
  "Set this server's clock right and keep it so: timedatectl set-ntp true (or install chrony). Signatures are only valid within 15 minutes of storage's clock.";
