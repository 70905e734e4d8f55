/** Operations an admin runs: the storage checks and the reconciler's reports. */
import { z } from "zod";
import { Id, Timestamp } from "./common";

/** One line of `pixbucket doctor` / GET /api/admin/storage-check. */
export const StorageCheckDto = z.object({
  name: z.string(),
  status: z.enum(["ok", "warn", "fail"]),
  message: z.string(),
  fix: z.string().optional(),
});
export type StorageCheckDto = z.infer<typeof StorageCheckDto>;

export const StorageChecks = z.object({ checks: z.array(StorageCheckDto) });

/** A reconcile run as Settings → Storage shows it. */
export const ReconcileRunDto = z.object({
  id: Id,
  trigger: z.string(),
  isDryRun: z.boolean(),
  startedAt: Timestamp,
  finishedAt: Timestamp.nullable(),
  counts: z
    .object({ imagesChecked: z.number().int(), markedMissing: z.number().int(), renditionsRegenerated: z.number().int(), orphansRemoved: z.number().int(), errors: z.number().int() })
    .nullable(),
  samples: z.object({ missing: z.array(z.string()), orphans: z.array(z.string()), errors: z.array(z.string()) }).nullable(),
});
export type ReconcileRunDto = z.infer<typeof ReconcileRunDto>;
