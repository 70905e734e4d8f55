import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import type { TestInfo } from "@playwright/test";
import type { E2eProjectMetadata } from "../../../playwright.config";
import { createTestS3Client, requireTestEnv } from "../../helpers/test-env";

/**
 * Where each project's server keeps its objects, as playwright.config.ts sets them up:
 * `local` stores under <run dir>/local/objects (PIXBUCKET_DATA_DIR is <run dir>/local; the run dir
 * reaches workers as PIXBUCKET_E2E_RUN_DIR), `s3` and `pair` in the bucket their metadata names.
 */
function localObjectsDir(): string {
  const runDir = process.env.PIXBUCKET_E2E_RUN_DIR;
  if (!runDir) throw new Error("PIXBUCKET_E2E_RUN_DIR is not set: run the e2e tests through playwright.config.ts");
  const dir = path.join(runDir, "local", "objects");
  if (!existsSync(dir)) throw new Error(`The local server's object directory ${dir} does not exist`);
  return dir;
}

async function walk(root: string, dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return [];
    throw error;
  });
  const nested = await Promise.all(
    entries.map((entry) => {
      const full = path.join(dir, entry.name);
      return entry.isDirectory() ? walk(root, full) : Promise.resolve([path.relative(root, full).split(path.sep).join("/")]);
    }),
  );
  return nested.flat();
}

async function listBucketKeys(bucket: string, prefix: string): Promise<string[]> {
  const { ListObjectsV2Command } = await import("@aws-sdk/client-s3");
  const env = requireTestEnv();
  const client = await createTestS3Client(env);
  try {
    const keys: string[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: continuationToken }));
      for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
      continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (continuationToken);
    return keys;
  } finally {
    client.destroy();
  }
}

/** Every object key under `images/` in the storage of the project's server, sorted. */
export async function listImageObjectKeys(testInfo: TestInfo): Promise<string[]> {
  const { bucket } = testInfo.project.metadata as E2eProjectMetadata;
  const keys = bucket ? await listBucketKeys(bucket, "images/") : await walk(localObjectsDir(), path.join(localObjectsDir(), "images"));
  return keys.sort();
}

/** The upload (= image) id in a key shaped `images/<owner>/<id>/<object>`, and the object's name. */
export function parseImageObjectKey(key: string): { imageId: string; object: string } | null {
  const match = /^images\/[^/]+\/([^/]+)\/([^/]+)$/.exec(key);
  return match ? { imageId: match[1]!, object: match[2]! } : null;
}
