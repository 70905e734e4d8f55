import "server-only";
import type { PhotoDetails } from "@/lib/photo-details";
import type { ServiceContext } from "../context";
import { getImageRow } from "./get-image";

/**
 * The photo's details for its owner: what the EXIF said (camera, lens, exposure, GPS) beside what
 * verification measured. Share links never reach this; their copies carry no EXIF at all.
 */
export async function getImageDetails(ctx: ServiceContext, id: string): Promise<PhotoDetails> {
  const row = await getImageRow(ctx, id);
  const exif = row.exif;
  return {
    name: row.name,
    type: row.type,
    size: row.size,
    width: row.width,
    height: row.height,
    uploadedAt: row.createdAt.toISOString(),
    takenAt: row.takenAt?.toISOString() ?? null,
    takenAtOffset: exif?.takenAtOffset ?? null,
    camera: exif?.camera ?? null,
    lens: exif?.lens ?? null,
    exposure: exif?.exposure ?? null,
    gps: exif?.gps ?? null,
  };
}
