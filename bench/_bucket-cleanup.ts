import { DeleteBucketCommand, DeleteObjectsCommand, ListObjectsV2Command, PutBucketCorsCommand, type S3Client } from "@aws-sdk/client-s3";

export async function applyCors(s3: S3Client, bucket: string, origin: string): Promise<void> {
  await s3.send(
    new PutBucketCorsCommand({
      Bucket: bucket,
      CORSConfiguration: { CORSRules: [{ AllowedOrigins: [origin], AllowedMethods: ["GET", "HEAD", "PUT"], AllowedHeaders: ["*"], ExposeHeaders: ["ETag"], MaxAgeSeconds: 600 }] },
    }),
  );
}

export async function emptyAndDeleteBucket(s3: S3Client, bucket: string): Promise<void> {
  await emptyBucket(s3, bucket);
  await s3.send(new DeleteBucketCommand({ Bucket: bucket })).catch(() => undefined);
}

/** Deletes every object (under `prefix`, if given), a listing page at a time. */
export async function emptyBucket(s3: S3Client, bucket: string, prefix?: string): Promise<void> {
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    const keys = (page.Contents ?? []).map((item) => ({ Key: item.Key! }));
    if (keys.length > 0) await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}
