import "server-only";
import type { Config } from "../config";
import type { Database } from "../db/client";
import type { ReconcileCounts, ReconcileSamples } from "../db/schema";
import type { Logger } from "../logger";
import type { StorageDriver } from "../storage/driver";

/** What the reconciler needs: no caller, since it works across every owner's images on purpose. */
export interface ReconcileDeps {
  db: Database;
  storage: StorageDriver;
  config: Config;
  logger: Pick<Logger, "info" | "warn">;
  now: () => Date;
}

/** First keys of each kind kept in a report; enough to look into, small enough to store every run. */
export const SAMPLE_SIZE = 10;

/** Counts and sample keys as a run collects them. */
export class ReconcileTally {
  readonly counts: ReconcileCounts = {
    imagesChecked: 0,
    markedMissing: 0,
    foundAgain: 0,
    renditionsRegenerated: 0,
    objectsListed: 0,
    orphansRemoved: 0,
    orphanBytes: 0,
    errors: 0,
  };
  readonly samples: ReconcileSamples = { missing: [], regenerated: [], orphans: [], errors: [] };

  note(kind: keyof ReconcileSamples, text: string): void {
    if (this.samples[kind].length < SAMPLE_SIZE) this.samples[kind].push(text);
  }

  error(key: string, error: unknown): void {
    this.counts.errors += 1;
    this.note("errors", `${key}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
