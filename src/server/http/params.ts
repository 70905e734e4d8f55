import "server-only";
import { z } from "zod";

/** Route params that carry one opaque id. */
export const IdParams = z.object({ id: z.string().min(1).max(64) });
