import { getImage } from "@/client/api-client";

/** An upload started before a reload may have been completed since; then its image exists under the same id. */
export async function findFinishedImage(uploadId: string): Promise<string | undefined> {
  try {
    return (await getImage(uploadId)).id;
  } catch {
    return undefined;
  }
}
