/**
 * npm run s3:cors [-- --origin https://pix.example.com ...]
 * Applies the CORS rule the configured bucket needs for browser uploads. The app never changes
 * bucket settings by itself; an operator runs this once (or uses the README's rule by hand).
 */
import { getConfig } from "@/server/config";
import { applyBucketCors } from "@/server/storage/bucket-cors";

async function main(): Promise<void> {
  const config = getConfig();
  if (config.storage.driver !== "s3") {
    console.log("Storage is local: browsers upload to this app itself, so no CORS rule is needed.");
    return;
  }
  const origins = process.argv.flatMap((arg, index, all) => (arg === "--origin" && all[index + 1] ? [all[index + 1]!] : []));
  if (origins.length === 0) origins.push(config.publicUrl ?? `http://localhost:${config.port}`);
  const rules = await applyBucketCors(config.storage, origins);
  console.log(`Applied CORS to bucket ${config.storage.bucket} for ${origins.join(", ")}:`);
  console.log(JSON.stringify({ CORSRules: rules }, null, 2));
}

main().catch((error: unknown) => {
  console.error(`s3:cors failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
