import { formatBytes } from "@/lib/format-bytes";
import { allowedImageTypesText } from "@/lib/image-types";
import { parseUploadArgs } from "../args";
import type { CliIo } from "../cli-io";
import { UsageError, exitCodes } from "../usage-error";
import { findImageFiles } from "../upload/find-image-files";
import { formatSummary } from "../upload/progress-format";
import { createProgressReporter } from "../upload/progress-reporter";
import { addAllToAlbum, findOrCreateAlbum } from "../upload/album-target";
import { runUploads } from "../upload/run-uploads";
import { ServerError, TokenRefusedError, createServerApi } from "../upload/server-api";

/**
 * `pixbucket upload`: finds the images, checks the token, uploads through the public API
 * (sign → PUT to storage → complete) and prints a summary. Exit 1 when any file failed.
 */
export async function runUpload(argv: string[], io: CliIo): Promise<number> {
  const args = parseUploadArgs(argv, io.env);
  const found = await findImageFiles(args.paths, io.cwd);
  if (found.missing.length > 0) throw new UsageError(`No such file or folder: ${found.missing.join(", ")}`);
  for (const skipped of found.skipped) io.stderr.write(`skipped  ${skipped.label}: ${skipped.reason}\n`);
  const skippedCount = found.skipped.length + found.ignoredInFolders;
  if (found.files.length === 0) {
    io.stderr.write(`No images to upload in ${args.paths.join(", ")} (${allowedImageTypesText}, by file name).\n`);
    return exitCodes.failed;
  }

  const api = createServerApi({ server: args.server, token: args.token });
  let who: string;
  try {
    who = (await api.me()).email;
  } catch (error) {
    if (error instanceof TokenRefusedError || error instanceof ServerError) {
      io.stderr.write(`${error.message}\n`);
      return exitCodes.failed;
    }
    throw error;
  }

  let album: { id: string; name: string; isNew: boolean } | null = null;
  if (args.album) {
    try {
      album = await findOrCreateAlbum(api, args.album);
    } catch (error) {
      if (!(error instanceof ServerError)) throw error;
      io.stderr.write(`The album "${args.album}" could not be found or made: ${error.message}\n`);
      return exitCodes.failed;
    }
  }

  const bytesTotal = found.files.reduce((sum, file) => sum + file.size, 0);
  const count = found.files.length;
  io.stderr.write(`Uploading ${count} ${count === 1 ? "image" : "images"} (${formatBytes(bytesTotal)}) to ${args.server} as ${who}\n`);
  const reporter = createProgressReporter({ stream: io.stderr, filesTotal: count, bytesTotal });
  const startedAt = Date.now();
  try {
    const results = await runUploads(found.files, {
      api,
      server: args.server,
      concurrency: args.concurrency,
      allowDuplicates: args.allowDuplicates,
      onBytes: reporter.onBytes,
      onFileDone: reporter.onFileDone,
    });
    reporter.stop();
    const uploaded = results.flatMap((result) => (result.ok && "image" in result ? [{ label: result.file.label, size: result.file.size }] : []));
    const duplicates = results.filter((result) => result.ok && "duplicateOf" in result).length;
    const failed = results.flatMap((result) => (result.ok ? [] : [{ label: result.file.label, error: result.error }]));
    io.stdout.write(`${formatSummary({ uploaded, failed, skipped: skippedCount, duplicates, elapsedMs: Date.now() - startedAt })}\n`);
    if (album) {
      // Files the library already held join the album too: the album is what this folder holds.
      const ids = results.flatMap((result) => (!result.ok ? [] : "image" in result ? [result.image.id] : [result.duplicateOf.id]));
      const added = await addAllToAlbum(api, album.id, ids);
      io.stdout.write(`Album "${album.name}"${album.isNew ? " (new)" : ""}: ${added} ${added === 1 ? "image" : "images"} added.\n`);
    }
    return failed.length > 0 ? exitCodes.failed : exitCodes.ok;
  } catch (error) {
    reporter.stop();
    if (error instanceof TokenRefusedError) {
      io.stderr.write(`${error.message}\n`);
      return exitCodes.failed;
    }
    throw error;
  }
}

export const uploadHelp = `Usage: pixbucket upload <files or folders…> [--server URL] [--token TOKEN] [--concurrency N] [--album NAME] [--allow-duplicates]

Uploads images to a Pixbucket server through its public API: each file is signed, sent straight
to storage, then checked and indexed by the server. Folders are searched recursively; only JPEG,
PNG, WebP, GIF, AVIF and HEIC files (by name) are taken, hidden files are left out.

  --server, -s URL         the app's address (or PIXBUCKET_URL)
  --token, -t TOKEN        an API token from Settings → API tokens (or PIXBUCKET_TOKEN)
  --concurrency, -c N      files sent at once (default 4)
  --album, -a NAME         put the images into this album (made if there is none by that name)
  --allow-duplicates       also send files the library already holds (same bytes); they are
                           skipped and counted otherwise

Exit status: 0 when every image was uploaded, 1 when any failed, 2 for a wrong command line.

Example:
  PIXBUCKET_URL=https://pix.example.com PIXBUCKET_TOKEN=pbt_… pixbucket upload ~/Pictures/trip
`;
