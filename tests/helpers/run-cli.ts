import { spawn } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Config } from "@/server/config";

export const bin = path.resolve("bin/pixbucket.mjs");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the `pixbucket` command as a child process with only the given variables (none of the shell's S3_* or DATABASE_URL). */
export function runCli(args: string[], { env = {}, stdin = "" }: { env?: Record<string, string>; stdin?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      env: { NODE_ENV: "test", PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? tmpdir(), ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/** The environment a server with this config was started from: what `user create` must be given. */
export function serverEnv(config: Config): Record<string, string> {
  if (config.database.driver !== "postgres" || config.storage.driver !== "s3") throw new Error("expected the s3 stack");
  return {
    DATABASE_URL: config.database.url,
    S3_ENDPOINT: config.storage.endpoint,
    S3_ACCESS_KEY_ID: config.storage.accessKeyId,
    S3_SECRET_ACCESS_KEY: config.storage.secretAccessKey,
    S3_REGION: config.storage.region,
    S3_BUCKET_NAME: config.storage.bucket,
    PIXBUCKET_DATA_DIR: config.dataDir,
    PIXBUCKET_SECRET: config.secret,
    LOG_LEVEL: "silent",
  };
}
