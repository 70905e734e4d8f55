import { S3Client } from "@aws-sdk/client-s3";

/** Shared timing helpers for benches: median of repeated runs after warm-up. */
export async function medianMs(runs: number, task: () => Promise<unknown>, warmup = 10): Promise<number> {
  for (let index = 0; index < warmup; index += 1) await task();
  const samples: number[] = [];
  for (let index = 0; index < runs; index += 1) {
    const started = process.hrtime.bigint();
    await task();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

/** `what` says what the figure is when the unit alone does not (`ms page 1 at 1M rows`). */
export function benchLine(name: string, figure: number, floor: number, unit: string, what?: string): string {
  const round = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(2));
  return `bench ${name}: ${round(figure)} ${unit}${what ? ` ${what}` : ""} (floor ${round(floor)} ${unit}, ratio ${(figure / floor).toFixed(2)})`;
}

/** The rig's S3 server and Postgres, as scripts/services.sh exports them. */
export function rigEnv(): Record<string, string> {
  const names = ["TEST_S3_ENDPOINT", "TEST_S3_ACCESS_KEY_ID", "TEST_S3_SECRET_ACCESS_KEY", "TEST_S3_REGION", "TEST_DATABASE_URL"];
  const missing = names.filter((name) => !process.env[name]);
  if (missing.length > 0) {
    throw new Error(`missing ${missing.join(", ")}: run "bash scripts/services.sh start && source .test-services/env.sh" first`);
  }
  return Object.fromEntries(names.map((name) => [name, process.env[name]!]));
}

/** A client for the rig's RGW, set up as the app's own (no checksums beyond what S3 requires). */
export function rigS3Client(env: Record<string, string>): S3Client {
  return new S3Client({
    endpoint: env.TEST_S3_ENDPOINT,
    region: env.TEST_S3_REGION,
    forcePathStyle: true,
    credentials: { accessKeyId: env.TEST_S3_ACCESS_KEY_ID!, secretAccessKey: env.TEST_S3_SECRET_ACCESS_KEY! },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}
