import "server-only";
import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";

/** RGBA pixels of a HEIC/HEIF file's primary image, upright (the file's rotation and mirroring applied). */
export interface DecodedHeic {
  width: number;
  height: number;
  rgba: Buffer;
}

/** Why a HEIC file could not be decoded: a broken or truncated file, or more pixels than allowed. */
export class HeicDecodeError extends Error {
  constructor(
    message: string,
    readonly reason: "corrupt" | "pixels",
  ) {
    super(message);
    this.name = "HeicDecodeError";
  }
}

// The prebuilt sharp reads a HEIC's container and EXIF but has no HEVC decoder, and a native
// build is not an option; libheif compiled to WebAssembly decodes it instead. A decode takes
// seconds of pure CPU (about 1.3 s for 4 MP here), so it runs in its own worker thread: the event
// loop keeps serving other requests meanwhile, and the worker's memory goes when it exits.
const workerSource = `
const { parentPort, workerData } = require("node:worker_threads");
const libheif = require(workerData.libheifPath);
const decoder = new libheif.HeifDecoder();
let images;
try {
  images = decoder.decode(new Uint8Array(workerData.bytes));
} catch (error) {
  images = [];
}
const image = images.find((candidate) => candidate.is_primary()) || images[0];
if (!image) {
  parentPort.postMessage({ error: "corrupt", message: "The HEIC file holds no image that can be read." });
} else {
  const width = image.get_width();
  const height = image.get_height();
  if (!(width > 0 && height > 0)) {
    parentPort.postMessage({ error: "corrupt", message: "The HEIC image has no pixels." });
  } else if (width * height > workerData.maxPixels) {
    parentPort.postMessage({ error: "pixels", message: "The HEIC image is " + width + " × " + height + " pixels, more than the " + workerData.maxPixels + " allowed." });
  } else {
    const data = new Uint8ClampedArray(width * height * 4);
    image.display({ data, width, height }, (displayed) => {
      if (!displayed) parentPort.postMessage({ error: "corrupt", message: "The HEIC image could not be decoded; the file may be damaged or cut short." });
      else parentPort.postMessage({ width, height, rgba: displayed.data.buffer }, [displayed.data.buffer]);
    });
  }
}
`;

let libheifPath: string | undefined;

/** Resolved from the app's own node_modules at run time, so no bundler ever inlines the WASM. */
function resolveLibheif(): string {
  libheifPath ??= createRequire(path.join(process.cwd(), "package.json")).resolve("libheif-js/wasm-bundle");
  return libheifPath;
}

/** Decodes the primary image; refuses more than `maxPixels` before allocating a single pixel. */
export function decodeHeic(bytes: Buffer, maxPixels: number): Promise<DecodedHeic> {
  return new Promise((resolve, reject) => {
    const copy = new Uint8Array(bytes).buffer; // the worker takes its own copy; the caller's buffer stays usable
    const worker = new Worker(workerSource, {
      eval: true,
      workerData: { bytes: copy, maxPixels, libheifPath: resolveLibheif() },
      transferList: [copy],
      // Bounds the worker's own JS heap; the pixels and libheif's WASM memory sit outside it and are
      // bounded by the pixel check, made from the file's header before anything is decoded.
      resourceLimits: { maxOldGenerationSizeMb: 128 },
    });
    let settled = false;
    worker.once("message", (message: { error?: "corrupt" | "pixels"; message?: string; width?: number; height?: number; rgba?: ArrayBuffer }) => {
      settled = true;
      if (message.error) reject(new HeicDecodeError(message.message ?? "The HEIC file could not be decoded.", message.error));
      else resolve({ width: message.width!, height: message.height!, rgba: Buffer.from(message.rgba!) });
      void worker.terminate();
    });
    worker.once("error", (error) => {
      if (settled) return;
      settled = true;
      reject(new HeicDecodeError(`The HEIC file could not be decoded (${error.message}).`, "corrupt"));
    });
    worker.once("exit", (code) => {
      if (!settled) reject(new HeicDecodeError(`The HEIC decoder stopped (exit ${code}); the file may be damaged.`, "corrupt"));
    });
  });
}
