import { expect, type TestInfo } from "@playwright/test";
import type { PairProjectMetadata } from "../../../playwright.pair.config";

export type InstanceName = "a" | "b";

export function pairOf(testInfo: TestInfo): PairProjectMetadata["pair"] & { databaseUrl: string } {
  const { pair, databaseUrl } = testInfo.project.metadata as PairProjectMetadata;
  if (!pair || !databaseUrl) throw new Error(`project ${testInfo.project.name} is not the pair project (playwright.pair.config.ts)`);
  return { ...pair, databaseUrl };
}

export interface StopReport {
  exitCode: number | null;
  signal: string | null;
  stopSeconds: number;
  startSeconds?: number;
}

/** Asks scripts/rig/instance-pair.ts to restart, kill or start an instance; resolves when done. */
export async function controlInstance(testInfo: TestInfo, action: "restart" | "kill" | "start", name: InstanceName): Promise<StopReport> {
  const response = await fetch(`${pairOf(testInfo).control}/${action}/${name}`, { method: "POST" });
  const body = (await response.json()) as StopReport & { error?: string };
  expect(response.status, body.error).toBe(200);
  return body;
}

/** One instance's /api/metrics text, asked directly (not through nginx). */
export async function scrapeInstance(testInfo: TestInfo, name: InstanceName): Promise<string> {
  const pair = pairOf(testInfo);
  const response = await fetch(`${pair.instances[name]}/api/metrics`, { headers: { authorization: `Bearer ${pair.metricsToken}` } });
  expect(response.status).toBe(200);
  return response.text();
}

/** Runs SQL on the pair's shared database (for what the API does not show or cannot do, e.g. expiring uploads). */
export async function withDatabase<T>(testInfo: TestInfo, work: (query: (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>) => Promise<T>): Promise<T> {
  const { Client } = await import("pg");
  const client = new Client({ connectionString: pairOf(testInfo).databaseUrl });
  await client.connect();
  try {
    return await work(async (sql, params) => (await client.query(sql, params)).rows as Record<string, unknown>[]);
  } finally {
    await client.end();
  }
}
