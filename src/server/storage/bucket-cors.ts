import "server-only";
import { GetBucketCorsCommand, PutBucketCorsCommand, type CORSRule } from "@aws-sdk/client-s3";
import type { StorageConfig } from "../config/parse-config";
import { createS3Client } from "./s3";

type S3Config = Extract<StorageConfig, { driver: "s3" }>;

/**
 * The rule browsers need to upload straight to the bucket from the app's origin: PUT (single and
 * part uploads) and GET/HEAD, any request header we sign (Content-Type, Content-MD5), and ETag
 * exposed so multipart uploads can read each part's ETag.
 */
export function corsRuleFor(origins: string[]): CORSRule {
  return {
    ID: "pixbucket-browser-uploads",
    AllowedOrigins: origins,
    AllowedMethods: ["GET", "HEAD", "PUT"],
    AllowedHeaders: ["*"],
    ExposeHeaders: ["ETag"],
    MaxAgeSeconds: 3600,
  };
}

/** Applies the rule, keeping any other rules the bucket already has (only ours is replaced). */
export async function applyBucketCors(config: S3Config, origins: string[]): Promise<CORSRule[]> {
  const client = createS3Client(config);
  let existing: CORSRule[] = [];
  try {
    existing = (await client.send(new GetBucketCorsCommand({ Bucket: config.bucket }))).CORSRules ?? [];
  } catch {
    existing = []; // NoSuchCORSConfiguration: nothing to keep
  }
  const rules = [...existing.filter((rule) => rule.ID !== "pixbucket-browser-uploads"), corsRuleFor(origins)];
  await client.send(new PutBucketCorsCommand({ Bucket: config.bucket, CORSConfiguration: { CORSRules: rules } }));
  return rules;
}
