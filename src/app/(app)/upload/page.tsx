import type { Metadata } from "next";
import { connection } from "next/server";
import { Uploader } from "@/components/uploader/uploader";
import { getConfig, publicConfig } from "@/server/config";

export const metadata: Metadata = { title: "Upload" };

export default async function UploadPage() {
  // Read per request: the size limit and multipart settings are the server's runtime settings, not something to bake in at build time.
  await connection();
  const { maxUploadBytes, multipartThresholdBytes, multipartPartBytes } = publicConfig(getConfig());

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">Upload images</h1>
        <p className="text-sm text-muted-foreground">Files go straight to your storage; each one is checked by the server before it appears in the gallery.</p>
      </div>
      <Uploader maxUploadBytes={maxUploadBytes} multipartThresholdBytes={multipartThresholdBytes} multipartPartBytes={multipartPartBytes} />
    </div>
  );
}
