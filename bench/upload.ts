/**
 * bench upload: the same files sent (a) straight to RGW with @aws-sdk/lib-storage at the same
 * concurrency — the floor — and (b) through Pixbucket in Chromium: sign, PUT/parts, complete with
 * verification and thumbnail, until every image is indexed. Sets: 300 noise photos of ~2 MB (the
 * worst case for JPEG decoding), 300 phone-like 12 MP photos made from real photographs, one
 * ~190 MB PNG (multipart); `link` (named only) sends 40 photos over an emulated hotel uplink.
 * Each set also measures the pipeline's two halves alone — Chromium's PUTs to presigned URLs and
 * the server's verification — and prints `pipeline <set>: …` with the slower half over the total.
 * Also samples the server's RSS, which must stay flat (it never carries bytes).
 * Needs the rig and a production build: bash scripts/services.sh start && source .test-services/env.sh && npm run build
 */
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { chromium } from "@playwright/test";
import { execFileSync, type ChildProcess } from "node:child_process";
import { createServer } from "node:http";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import pLimit from "p-limit";
import sharp from "sharp";
import { parseConfig } from "@/server/config/parse-config";
import { S3StorageDriver } from "@/server/storage/s3";
import { THUMBNAIL_LONG_SIDE, verifyStoredImage } from "@/server/uploads/verify-image";
import { benchOrigin, benchPort, chromiumLaunchOptions, signInFirstAccount, startAppServer } from "./_app-server";
import { cpuSnapshot, describeCpu } from "./_cpu";
import { benchLine, rigEnv, rigS3Client } from "./_measure";
import { largeImage, photoSet, realPhotoSet, totalBytes } from "./_upload-files";

const PORT = benchPort;
const ORIGIN = benchOrigin;
const FILE_CONCURRENCY = 6; // the uploader's files in flight
const PART_CONCURRENCY = 4; // parts of one large file in flight
const PART_SIZE = 16 * 1024 * 1024; // the server's default part size

interface Stack {
  bucket: string;
  databaseUrl: string;
  s3: S3Client;
  drop(): Promise<void>;
}

async function freshStack(env: Record<string, string>, label: string): Promise<Stack> {
  const suffix = `${label}-${Date.now().toString(36)}`;
  const s3 = rigS3Client(env);
  const bucket = `bench-${suffix}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const database = `bench_${suffix.replace(/-/g, "_")}`;
  const admin = new pg.Client({ connectionString: env.TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${database}`);
  await admin.end();
  const url = new URL(env.TEST_DATABASE_URL!);
  url.pathname = `/${database}`;
  return {
    bucket,
    databaseUrl: url.toString(),
    s3,
    drop: async () => {
      // Empty and drop through the test helper's logic: RGW's memstore holds everything in RAM.
      const { emptyAndDeleteBucket } = await import("./_bucket-cleanup");
      await emptyAndDeleteBucket(s3, bucket);
      const client = new pg.Client({ connectionString: env.TEST_DATABASE_URL });
      await client.connect();
      await client.query(`drop database if exists ${database} with (force)`);
      await client.end();
    },
  };
}

async function floorSeconds(stack: Stack, files: string[], partsInFlight: number): Promise<number> {
  const cpuBefore = cpuSnapshot();
  const started = Date.now();
  const queue = [...files];
  await Promise.all(
    Array.from({ length: FILE_CONCURRENCY }, async () => {
      for (let file = queue.shift(); file; file = queue.shift()) {
        await new Upload({
          client: stack.s3,
          params: { Bucket: stack.bucket, Key: `floor/${path.basename(file)}`, Body: readFileSync(file), ContentType: file.endsWith(".png") ? "image/png" : "image/jpeg" },
          partSize: PART_SIZE,
          queueSize: partsInFlight,
        }).done();
      }
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  console.log(`  floor CPU: ${describeCpu(cpuBefore, cpuSnapshot())}`);
  return seconds;
}

/** Sums the resident memory of the server process and its children. */
function treeRssBytes(rootPid: number): number {
  const rows = execFileSync("ps", ["-eo", "pid=,ppid=,rss="], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((line) => line.trim().split(/\s+/).map(Number) as [number, number, number]);
  const pids = new Set([rootPid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of rows) {
      if (pids.has(ppid) && !pids.has(pid)) {
        pids.add(pid);
        grew = true;
      }
    }
  }
  return rows.filter(([pid]) => pids.has(pid)).reduce((sum, [, , rss]) => sum + rss * 1024, 0);
}

async function startServer(env: Record<string, string>, stack: Stack): Promise<ChildProcess> {
  return startAppServer({
    S3_ENDPOINT: env.TEST_S3_ENDPOINT!,
    S3_ACCESS_KEY_ID: env.TEST_S3_ACCESS_KEY_ID!,
    S3_SECRET_ACCESS_KEY: env.TEST_S3_SECRET_ACCESS_KEY!,
    S3_REGION: env.TEST_S3_REGION!,
    S3_BUCKET_NAME: stack.bucket,
    DATABASE_URL: stack.databaseUrl,
  });
}

/** A link Chromium emulates for the page (DevTools throttling): one-way latency and upload bandwidth. */
interface EmulatedLink {
  latencyMs: number;
  uploadBytesPerSecond: number;
}

async function oursSeconds(env: Record<string, string>, stack: Stack, files: string[], link?: EmulatedLink): Promise<{ seconds: number; idleRss: number; peakRss: number }> {
  const { applyCors } = await import("./_bucket-cleanup");
  await applyCors(stack.s3, stack.bucket, ORIGIN);
  const server = await startServer(env, stack);
  const browser = await chromium.launch(chromiumLaunchOptions);
  const db = new pg.Client({ connectionString: stack.databaseUrl });
  try {
    const context = await browser.newContext({ baseURL: ORIGIN });
    await signInFirstAccount(context);
    const page = await context.newPage();
    await page.goto("/upload");
    if (link) {
      const network = await context.newCDPSession(page);
      await network.send("Network.enable");
      await network.send("Network.emulateNetworkConditions", {
        offline: false,
        latency: link.latencyMs,
        uploadThroughput: link.uploadBytesPerSecond,
        downloadThroughput: 4 * link.uploadBytesPerSecond,
      });
    }
    let started = Date.now();
    // How chatty the page is with the app while it uploads (storage requests are not counted).
    const appRequests = new Map<string, number>();
    // When bytes went to storage and when the app was asked to complete, relative to the drop.
    const phases = { storageFirst: Infinity, storageLast: 0, completeFirst: Infinity, completeLast: 0 };
    page.on("requestfinished", (request) => {
      const at = Date.now() - started;
      const isStorage = request.method() === "PUT" && !request.url().startsWith(ORIGIN);
      const isComplete = request.url().endsWith("/complete");
      if (isStorage) phases.storageLast = Math.max(phases.storageLast, at);
      if (isComplete) phases.completeLast = Math.max(phases.completeLast, at);
    });
    page.on("request", (request) => {
      const at = Date.now() - started;
      if (request.method() === "PUT" && !request.url().startsWith(ORIGIN)) phases.storageFirst = Math.min(phases.storageFirst, at);
      if (request.url().endsWith("/complete")) phases.completeFirst = Math.min(phases.completeFirst, at);
      const url = new URL(request.url());
      if (url.origin !== ORIGIN) return;
      const route = `${request.method()} ${url.pathname.replace(/\/[\w-]{20,}(?=\/|$)/g, "/{id}")}`;
      appRequests.set(route, (appRequests.get(route) ?? 0) + 1);
    });
    await db.connect();
    const idleRss = treeRssBytes(server.pid!);
    let peakRss = idleRss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, treeRssBytes(server.pid!))), 200);

    // BENCH_BROWSER_PROFILE=file.cpuprofile records the page's main thread (V8 CPU profile) meanwhile.
    const browserProfile = process.env.BENCH_BROWSER_PROFILE;
    const cdp = browserProfile ? await context.newCDPSession(page) : undefined;
    if (cdp) {
      await cdp.send("Profiler.enable");
      await cdp.send("Profiler.start");
    }
    const cpuBefore = cpuSnapshot();
    started = Date.now();
    await page.locator('[data-testid="file-input"]').setInputFiles(files);
    for (;;) {
      const { rows } = await db.query<{ n: string }>("select count(*) as n from images");
      if (Number(rows[0]!.n) >= files.length) break;
      if (Date.now() - started > 20 * 60_000) throw new Error(`only ${rows[0]!.n} of ${files.length} indexed after 20 minutes`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const seconds = (Date.now() - started) / 1000;
    clearInterval(sampler);
    if (cdp && browserProfile) {
      const { profile } = await cdp.send("Profiler.stop");
      writeFileSync(browserProfile, JSON.stringify(profile));
    }
    // Where the time went: signing spread over the run means the browser side paces it; a long tail
    // after the last signature means verification is the backlog.
    const { rows } = await db.query<{ first: Date; last: Date; indexed: Date }>(
      "select min(u.created_at) as first, max(u.created_at) as last, max(i.created_at) as indexed from uploads u left join images i on i.id = u.id",
    );
    const at = (date: Date) => ((date.getTime() - started) / 1000).toFixed(1);
    console.log(`  app requests: ${[...appRequests].map(([route, count]) => `${route} ×${count}`).join(", ")}`);
    const secondsAt = (ms: number) => (ms / 1000).toFixed(1);
    console.log(
      `  storage PUTs from ${secondsAt(phases.storageFirst)} s to ${secondsAt(phases.storageLast)} s; ` +
        `completes from ${secondsAt(phases.completeFirst)} s to ${phases.completeLast > 0 ? `${secondsAt(phases.completeLast)} s` : "the end (the last answer came after the index saw it)"}`,
    );
    console.log(`  CPU used meanwhile: ${describeCpu(cpuBefore, cpuSnapshot())}`);
    console.log(`  first signed at ${at(rows[0]!.first)} s, last signed at ${at(rows[0]!.last)} s, last indexed at ${at(rows[0]!.indexed)} s`);
    return { seconds, idleRss, peakRss };
  } finally {
    await db.end().catch(() => undefined);
    await browser.close();
    server.kill("SIGTERM");
  }
}

const mb = (bytes: number) => bytes / (1024 * 1024);

function rigDriver(env: Record<string, string>, bucket: string): S3StorageDriver {
  return new S3StorageDriver({
    driver: "s3",
    endpoint: env.TEST_S3_ENDPOINT!,
    accessKeyId: env.TEST_S3_ACCESS_KEY_ID!,
    secretAccessKey: env.TEST_S3_SECRET_ACCESS_KEY!,
    region: env.TEST_S3_REGION!,
    bucket,
    forcePathStyle: true,
  });
}

/**
 * Diagnostic: the server's verification alone (read from RGW, sniff, full decode, thumbnail,
 * SHA-256), at the server's default concurrency, over the objects the floor just stored. No
 * browser, no HTTP, no database: the least time any uploader that verifies what it indexes needs.
 */
async function verifyAloneSeconds(env: Record<string, string>, stack: Stack, files: string[]): Promise<{ seconds: number; cpuSeconds: number; thumbnailCpuSeconds: number }> {
  const driver = rigDriver(env, stack.bucket);
  const concurrency = parseConfig({}).uploads.verifyConcurrency;
  const limit = pLimit(concurrency);
  const cpuBefore = process.cpuUsage();
  const started = Date.now();
  await Promise.all(
    files.map((file) =>
      limit(async () => {
        const stored = await driver.openRead(`floor/${path.basename(file)}`);
        if (!stored) throw new Error(`the floor did not store ${file}`);
        await verifyStoredImage(stored, { declaredSize: statSync(file).size, declaredMd5: null, maxPixels: 100_000_000, inMemoryMaxBytes: 32 * 1024 * 1024 });
      }),
    ),
  );
  const cpu = process.cpuUsage(cpuBefore);
  const seconds = (Date.now() - started) / 1000;
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, thumbnailCpuSeconds: await bareThumbnailCpuSeconds(files, concurrency) };
}

/**
 * The least verification can cost: sharp drawing the same 400 px thumbnail from bytes already in
 * memory (read from disk beforehand, not counted), at the same concurrency. CPU seconds of this process.
 */
async function bareThumbnailCpuSeconds(files: string[], concurrency: number): Promise<number> {
  let cpuSeconds = 0;
  // In batches of `concurrency`: each batch's bytes are read first, then only the thumbnails are counted.
  for (let offset = 0; offset < files.length; offset += concurrency) {
    const batch = files.slice(offset, offset + concurrency).map((file) => readFileSync(file));
    const before = process.cpuUsage();
    await Promise.all(
      batch.map((bytes) =>
        sharp(bytes, { limitInputPixels: false })
          .rotate()
          .resize(THUMBNAIL_LONG_SIDE, THUMBNAIL_LONG_SIDE, { fit: "inside", withoutEnlargement: true })
          .webp({ quality: 80, effort: 0 })
          .toBuffer(),
      ),
    );
    const used = process.cpuUsage(before);
    cpuSeconds += (used.user + used.system) / 1e6;
  }
  return cpuSeconds;
}

/**
 * Diagnostic: the same files PUT from Chromium straight to presigned URLs — single PUTs six at a
 * time, or a large file's parts four at a time, as the uploader sends them — with no app around
 * them: the browser's half of the pipeline.
 */
async function browserOnlySeconds(env: Record<string, string>, stack: Stack, files: string[]): Promise<number> {
  const { applyCors } = await import("./_bucket-cleanup");
  await applyCors(stack.s3, stack.bucket, ORIGIN);
  const driver = rigDriver(env, stack.bucket);
  const multipart: { key: string; uploadId: string }[] = [];
  const requests = (
    await Promise.all(
      files.map(async (file, index) => {
        const size = statSync(file).size;
        const key = `browser/${index}`;
        if (size <= PART_SIZE) {
          const { url, headers } = await driver.presignPut({ key, contentType: "image/jpeg", contentLength: size, expiresInSeconds: 600 });
          return [{ fileIndex: index, start: 0, end: size, url, headers }];
        }
        const { uploadId } = await driver.createMultipart({ key, contentType: "image/png" });
        multipart.push({ key, uploadId });
        return Promise.all(
          Array.from({ length: Math.ceil(size / PART_SIZE) }, async (_, part) => {
            const start = part * PART_SIZE;
            const end = Math.min(start + PART_SIZE, size);
            const { url, headers } = await driver.presignPart({ key, uploadId, partNumber: part + 1, contentLength: end - start, expiresInSeconds: 600 });
            return { fileIndex: index, start, end, url, headers };
          }),
        );
      }),
    )
  ).flat();
  const page = createServer((_request, response) => response.end("<html><body><input type=file multiple></body></html>"));
  await new Promise<void>((resolve) => page.listen(PORT, "127.0.0.1", resolve));
  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    const tab = await browser.newPage();
    await tab.goto(ORIGIN);
    await tab.locator("input").setInputFiles(files);
    const cpuBefore = cpuSnapshot();
    const inFlight = files.length === 1 ? PART_CONCURRENCY : FILE_CONCURRENCY;
    const seconds = await tab.evaluate(
      async ({ requests, inFlight }) => {
        const chosen = [...document.querySelector("input")!.files!];
        const started = performance.now();
        let next = 0;
        await Promise.all(
          Array.from({ length: inFlight }, async () => {
            for (let index = next++; index < requests.length; index = next++) {
              const { fileIndex, start, end, url, headers } = requests[index]!;
              const file = chosen[fileIndex]!;
              const response = await fetch(url, { method: "PUT", headers, body: start === 0 && end === file.size ? file : file.slice(start, end) });
              if (!response.ok) throw new Error(`PUT ${index}: ${response.status}`);
            }
          }),
        );
        return (performance.now() - started) / 1000;
      },
      { requests, inFlight },
    );
    console.log(`  Chromium PUTs alone, CPU: ${describeCpu(cpuBefore, cpuSnapshot())}`);
    return seconds;
  } finally {
    await browser.close();
    page.close();
    await Promise.all(multipart.map((upload) => driver.abortMultipart(upload)));
  }
}

export async function run(): Promise<void> {
  const env = rigEnv();
  // `npm run bench -- upload photos` (or `real`, `large`) runs one set; `link` runs only when named.
  const only = process.argv[3];
  const sets: { name: string; files: () => Promise<string[]>; partsInFlight: number; link?: EmulatedLink }[] = [
    { name: "photos", files: async () => photoSet(), partsInFlight: 1 },
    { name: "real", files: async () => realPhotoSet(), partsInFlight: 1 },
    { name: "large", files: async () => [await largeImage()], partsInFlight: PART_CONCURRENCY },
    // A hotel-Wi-Fi-like link: the floor is what the link itself allows (bytes over bandwidth).
    { name: "link", files: async () => (await photoSet()).slice(0, 40), partsInFlight: 1, link: { latencyMs: 100, uploadBytesPerSecond: 4 * 1024 * 1024 } },
  ].filter((set) => (only ? set.name === only : !set.link));
  let oursTotal = 0;
  let floorTotal = 0;
  let bytesTotal = 0;
  for (const { files, ...rest } of sets) {
    const set = { ...rest, files: await files() };
    const bytes = totalBytes(set.files);
    let floor: number;
    let verifySeconds: number | undefined;
    if (set.link) {
      floor = bytes / set.link.uploadBytesPerSecond;
      console.log(`  emulated link: ${set.link.latencyMs} ms latency, ${mb(set.link.uploadBytesPerSecond).toFixed(0)} MB/s up; floor = bytes / bandwidth`);
    } else {
      const floorStack = await freshStack(env, `${set.name}-floor`);
      try {
        floor = await floorSeconds(floorStack, set.files, set.partsInFlight);
        const verify = await verifyAloneSeconds(env, floorStack, set.files);
        verifySeconds = verify.seconds;
        console.log(
          `  verification alone (no browser, no HTTP, no database): ${verify.seconds.toFixed(1)} s, ${verify.cpuSeconds.toFixed(1)} CPU-s in this process ` +
            `(${((verify.cpuSeconds / set.files.length) * 1000).toFixed(0)} ms a file; a bare sharp thumbnail of the same files: ${((verify.thumbnailCpuSeconds / set.files.length) * 1000).toFixed(0)} ms, ratio ${(verify.cpuSeconds / verify.thumbnailCpuSeconds).toFixed(2)})`,
        );
      } finally {
        await floorStack.drop();
      }
    }
    const oursStack = await freshStack(env, `${set.name}-ours`);
    let browserOnly: number | undefined;
    if (!set.link) {
      const browserStack = await freshStack(env, `${set.name}-browser`);
      browserOnly = await browserOnlySeconds(env, browserStack, set.files).finally(() => browserStack.drop());
      console.log(`  Chromium PUTs alone (no app, no verification): ${browserOnly.toFixed(1)} s (${(mb(bytes) / browserOnly).toFixed(0)} MB/s)`);
    }
    const ours = await oursSeconds(env, oursStack, set.files, set.link).finally(() => oursStack.drop());
    console.log(
      `upload ${set.name}: ${set.files.length} files, ${mb(bytes).toFixed(0)} MB — floor ${floor.toFixed(1)} s (${(mb(bytes) / floor).toFixed(0)} MB/s), ` +
        `Pixbucket ${ours.seconds.toFixed(1)} s (${(mb(bytes) / ours.seconds).toFixed(0)} MB/s), ratio ${(floor / ours.seconds).toFixed(2)}; ` +
        `server RSS idle ${mb(ours.idleRss).toFixed(0)} MB, peak ${mb(ours.peakRss).toFixed(0)} MB`,
    );
    if (browserOnly !== undefined && verifySeconds !== undefined) {
      // The pipeline's two halves measured alone; the slower one is what overlapping them could reach.
      const slowerHalf = Math.max(browserOnly, verifySeconds);
      console.log(
        `pipeline ${set.name}: ${ours.seconds.toFixed(1)} s, PUTs alone ${browserOnly.toFixed(1)} s, verification alone ${verifySeconds.toFixed(1)} s, efficiency ${(slowerHalf / ours.seconds).toFixed(2)}`,
      );
    }
    oursTotal += ours.seconds;
    floorTotal += floor;
    bytesTotal += bytes;
  }
  console.log(benchLine("upload", mb(bytesTotal) / oursTotal, mb(bytesTotal) / floorTotal, "MB/s"));
}
