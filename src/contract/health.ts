/** Liveness: whether this instance reaches its database and storage. */
import { z } from "zod";

export const HealthReport = z
  .object({
    status: z.enum(["ok", "unavailable"]),
    storage: z.enum(["s3", "local"]),
    database: z.enum(["postgres", "pglite"]),
    /** Present only when something does not answer. */
    failing: z.array(z.enum(["storage", "database", "startup"])).optional(),
  })
  .meta({ id: "Health" });
export type HealthReport = z.infer<typeof HealthReport>;
