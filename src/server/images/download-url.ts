import "server-only";
import type { ServiceContext } from "../context";
import { getImageRow } from "./get-image";
import { contentDisposition } from "@/lib/content-disposition";

const DOWNLOAD_URL_SECONDS = 300;

/** A short-lived URL that downloads the original under its file name, cleaned, with the extension of its verified type. */
export async function getDownloadUrl(ctx: ServiceContext, id: string): Promise<string> {
  const image = await getImageRow(ctx, id);
  const signed = await ctx.storage.presignGet({
    key: image.key,
    expiresInSeconds: DOWNLOAD_URL_SECONDS,
    responseContentType: image.type,
    responseContentDisposition: contentDisposition("attachment", image.name, image.type),
  });
  return signed.url;
}
