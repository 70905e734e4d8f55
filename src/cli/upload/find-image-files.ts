import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { allowedImageTypesText, isAllowedImageType, resolveImageType, type AllowedImageType } from "@/lib/image-types";

/** One file to upload. */
export interface LocalImage {
  /** Absolute path. */
  path: string;
  /** How to name it in messages: relative to the working directory when inside it. */
  label: string;
  /** The name the server records (the file's own name, never a path). */
  name: string;
  size: number;
  type: AllowedImageType;
}

export interface Discovery {
  files: LocalImage[];
  /** Files named on the command line that are not images, with the reason. */
  skipped: { label: string; reason: string }[];
  /** How many non-image files were passed over inside folders. */
  ignoredInFolders: number;
  /** Paths that do not exist. */
  missing: string[];
}

/** The image type for a file name, judged by its extension (the server checks the bytes). */
export function imageTypeForName(name: string): AllowedImageType | null {
  const type = resolveImageType(name, "");
  return isAllowedImageType(type) ? type : null;
}

const isHidden = (name: string) => name.startsWith(".");

/**
 * Expands files and folders into the images to upload: folders are walked recursively in name
 * order, skipping hidden entries and not following symlinked folders (no cycles); each file is
 * listed once. Only JPEG, PNG, WebP, GIF, AVIF and HEIC/HEIF names are taken.
 */
export async function findImageFiles(inputs: readonly string[], cwd = process.cwd()): Promise<Discovery> {
  const discovery: Discovery = { files: [], skipped: [], ignoredInFolders: 0, missing: [] };
  const seen = new Set<string>();
  const labelFor = (absolute: string) => {
    const relative = path.relative(cwd, absolute);
    return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : absolute;
  };

  const addFile = (absolute: string, size: number, isExplicit: boolean) => {
    if (seen.has(absolute)) return;
    seen.add(absolute);
    const name = path.basename(absolute);
    const type = imageTypeForName(name);
    if (type) discovery.files.push({ path: absolute, label: labelFor(absolute), name, size, type });
    else if (isExplicit) discovery.skipped.push({ label: labelFor(absolute), reason: `not a ${allowedImageTypesText} file name` });
    else discovery.ignoredInFolders += 1;
  };

  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (isHidden(entry.name)) continue;
      const absolute = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(absolute);
      else if (entry.isFile()) addFile(absolute, (await stat(absolute)).size, false);
      else if (entry.isSymbolicLink()) {
        const target = await stat(absolute).catch(() => null);
        if (target?.isFile()) addFile(absolute, target.size, false);
      }
    }
  };

  for (const input of inputs) {
    const absolute = path.resolve(cwd, input);
    const info = await stat(absolute).catch(() => null);
    if (!info) discovery.missing.push(input);
    else if (info.isDirectory()) await walk(absolute);
    else if (info.isFile()) addFile(absolute, info.size, true);
    else discovery.skipped.push({ label: input, reason: "not a regular file or folder" });
  }
  return discovery;
}
