/**
 * npm run bench -- soak [SECONDS]   (default 300; needs the test services and a production build)
 *
 * Two instances behind nginx (scripts/rig/instance-pair.ts) on a fresh database and bucket, under
 * 20 API uploaders cycling through 100 real photos, 8 gallery readers and 2 sharers, for SECONDS.
 * Reports per instance: requests, 5xx, RSS at start and end and its slope (MB/min, from each
 * instance's own /api/metrics every 10 s); uploads started and indexed; bucket objects against the
 * keys the index references. Fails (exit 1) on a lost upload, a 5xx or a stray or missing object.
 * Floor: the same photos PUT straight to the bucket by 20 workers for 20 s (what storage alone
 * allows); the figure is indexed uploads a minute through Pixbucket.
 */
import { spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand } from "@aws-sdk/client-s3";
import pg from "pg";
import { wallpaperPhotos } from "../tests/fixtures/wallpaper-photos";
import { sampleValue } from "../tests/helpers/prometheus-text";
import { recreateDatabase } from "../tests/helpers/test-env";
import { emptyAndDeleteBucket, emptyBucket } from "./_bucket-cleanup";
import { benchLine, rigEnv, rigS3Client } from "./_measure";

const UPLOADERS = 20;
const READERS = 8;
const SHARERS = 2;
const PHOTOS = 100;
const METRICS_TOKEN = "soak-metrics-token-0123456789";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Photo {
  name: string;
  bytes: Buffer;
  md5: string;
}

interface Tally {
  started: number;
  indexed: number;
  failed: string[];
  reads: number;
  shares: number;
  serverErrors: string[];
}

/** `fetch` that records any 5xx the instances (through nginx) answer. */
function client(origin: string, token: string, tally: Tally) {
  return async (pathname: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set("authorization", `Bearer ${token}`);
    if (init.body) headers.set("content-type", "application/json");
    const response = await fetch(new URL(pathname, origin), { ...init, headers });
    if (response.status >= 500) tally.serverErrors.push(`${response.status} ${init.method ?? "GET"} ${pathname}: ${await response.clone().text()}`);
    return response;
  };
}

async function uploadOne(api: ReturnType<typeof client>, photo: Photo, name: string, tally: Tally): Promise<void> {
  tally.started += 1;
  // The 100 photos go round and round: each upload asks to be kept although the library holds its bytes.
  const file = { name, type: "image/jpeg", size: photo.bytes.length, md5: photo.md5, allowDuplicate: true };
  const signed = await api("/api/uploads", { method: "POST", body: JSON.stringify({ files: [file] }) });
  const entry = signed.ok ? ((await signed.json()) as { uploads: { id: string; url: string; headers: Record<string, string> }[] }).uploads[0] : undefined;
  if (!entry?.url) return void tally.failed.push(`${name}: sign ${signed.status}`);
  const put = await fetch(entry.url, { method: "PUT", headers: entry.headers, body: new Uint8Array(photo.bytes) });
  if (!put.ok) return void tally.failed.push(`${name}: PUT ${put.status}`);
  const complete = await api(`/api/uploads/${entry.id}/complete`, { method: "POST" });
  if (complete.status !== 201) return void tally.failed.push(`${name}: complete ${complete.status} ${await complete.text()}`);
  tally.indexed += 1;
}

async function readGallery(api: ReturnType<typeof client>, tally: Tally): Promise<void> {
  let cursor: string | null = null;
  for (let page = 0; page < 3; page += 1) {
    const response = await api(`/api/images?limit=60${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    if (!response.ok) return;
    const body = (await response.json()) as { images: { thumbnailUrl: string }[]; nextCursor: string | null };
    const thumbnail = body.images[Math.floor(Math.random() * body.images.length)];
    if (thumbnail) await (await fetch(thumbnail.thumbnailUrl)).arrayBuffer();
    tally.reads += 1;
    cursor = body.nextCursor;
    if (!cursor) return;
  }
}

async function shareOne(api: ReturnType<typeof client>, origin: string, tally: Tally): Promise<void> {
  const listed = await api("/api/images?limit=20");
  if (!listed.ok) return;
  const { images } = (await listed.json()) as { images: { id: string }[] };
  if (images.length === 0) return;
  const created = await api("/api/shares", { method: "POST", body: JSON.stringify({ imageIds: images.slice(0, 3).map((image) => image.id), expiresIn: "1h" }) });
  if (created.status !== 201) return;
  const { token } = (await created.json()) as { token: string };
  const opened = await fetch(`${origin}/api/public/shares/${token}`);
  if (opened.status >= 500) tally.serverErrors.push(`${opened.status} GET /api/public/shares/…`);
  tally.shares += 1;
}

async function loop(until: number, work: () => Promise<void>): Promise<void> {
  while (Date.now() < until) {
    try {
      await work();
    } catch (error) {
      console.error(`soak: a worker's request failed: ${error instanceof Error ? error.message : String(error)}`);
      await sleep(200);
    }
  }
}

/** Least-squares slope of (minutes, MB). */
function slope(points: { minutes: number; mb: number }[]): number {
  const n = points.length;
  const mx = points.reduce((sum, p) => sum + p.minutes, 0) / n;
  const my = points.reduce((sum, p) => sum + p.mb, 0) / n;
  const sxy = points.reduce((sum, p) => sum + (p.minutes - mx) * (p.mb - my), 0);
  const sxx = points.reduce((sum, p) => sum + (p.minutes - mx) ** 2, 0);
  return sxx === 0 ? 0 : sxy / sxx;
}

async function scrape(origin: string): Promise<string> {
  const response = await fetch(`${origin}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  if (!response.ok) throw new Error(`metrics ${origin}: ${response.status}`);
  return response.text();
}

/** Requests and 5xx an instance served, from its latency histogram's counts. */
function requestCounts(text: string): { requests: number; serverErrors: number } {
  let requests = 0;
  let serverErrors = 0;
  for (const line of text.split("\n")) {
    const match = /^pixbucket_http_request_duration_seconds_count\{.*status="(\d+)"\} (\d+)/.exec(line);
    if (!match) continue;
    requests += Number(match[2]);
    if (match[1]!.startsWith("5")) serverErrors += Number(match[2]);
  }
  return { requests, serverErrors };
}

async function waitFor(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs / 1000}s`);
    await sleep(500);
  }
}

async function floorPutsPerMinute(s3: ReturnType<typeof rigS3Client>, bucket: string, photos: Photo[]): Promise<number> {
  const until = Date.now() + 20_000;
  let puts = 0;
  await Promise.all(
    Array.from({ length: UPLOADERS }, async (_, worker) => {
      for (let index = worker; Date.now() < until; index += UPLOADERS) {
        const photo = photos[index % photos.length]!;
        await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `floor/${worker}-${index}.jpg`, Body: photo.bytes, ContentType: "image/jpeg", ContentMD5: photo.md5 }));
        puts += 1;
      }
    }),
  );
  return (puts / 20) * 60;
}

export async function run(): Promise<void> {
  const seconds = Number(process.argv[3] ?? 300);
  if (!Number.isFinite(seconds) || seconds < 10) throw new Error("usage: npm run bench -- soak [SECONDS ≥ 10]");
  const env = rigEnv();
  const slot = Number(process.env.PIXBUCKET_RIG_SLOT ?? 0);
  // Clear of the e2e servers (3100–3179), bench/upload (3200) and the rig's Ceph mon (3300 + 10 × slot).
  const nginxPort = 3400 + 10 * slot;
  const origin = `http://127.0.0.1:${nginxPort}`;
  const instances = { a: `http://127.0.0.1:${nginxPort + 1}`, b: `http://127.0.0.1:${nginxPort + 2}` };
  const s3 = rigS3Client(env);
  const bucket = `pixbucket-soak-${randomBytes(4).toString("hex")}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const databaseUrl = await recreateDatabase(env.TEST_DATABASE_URL!, "pixbucket_soak");

  const files = await wallpaperPhotos({ count: PHOTOS, prefix: "soak", dir: path.join(tmpdir(), "pixbucket-soak-photos") });
  const photos: Photo[] = await Promise.all(
    files.map(async (file) => {
      const bytes = await readFile(file.path);
      return { name: file.name, bytes, md5: createHash("md5").update(bytes).digest("base64") };
    }),
  );
  const floor = await floorPutsPerMinute(s3, bucket, photos);
  console.log(`soak: floor ${floor.toFixed(0)} PUTs/min straight to the bucket (${UPLOADERS} workers, 20 s)`);
  await emptyBucket(s3, bucket, "floor/");

  const pair = spawn("npx", ["tsx", "scripts/rig/instance-pair.ts", "--port", String(nginxPort)], {
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      LOG_LEVEL: "warn",
      PIXBUCKET_STORAGE: "s3",
      S3_ENDPOINT: env.TEST_S3_ENDPOINT,
      S3_ACCESS_KEY_ID: env.TEST_S3_ACCESS_KEY_ID,
      S3_SECRET_ACCESS_KEY: env.TEST_S3_SECRET_ACCESS_KEY,
      S3_REGION: env.TEST_S3_REGION,
      S3_BUCKET_NAME: bucket,
      DATABASE_URL: databaseUrl,
      PIXBUCKET_PUBLIC_URL: origin,
      PIXBUCKET_SECRET: randomBytes(24).toString("hex"),
      PIXBUCKET_METRICS_TOKEN: METRICS_TOKEN,
    },
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  const stopPair = () => {
    try {
      process.kill(-pair.pid!, "SIGTERM");
    } catch {
      // already gone
    }
  };
  process.on("exit", stopPair);
  try {
    await waitFor(`${origin}/api/health`, 240_000);
    const setup = await fetch(`${origin}/api/setup`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "soak@pixbucket.test", name: "Soak", password: "soak-password-0123" }),
    });
    if (setup.status !== 201) throw new Error(`setup: ${setup.status} ${await setup.text()}`);
    const signIn = await fetch(`${origin}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin },
      body: JSON.stringify({ email: "soak@pixbucket.test", password: "soak-password-0123" }),
    });
    const cookie = signIn.headers.getSetCookie().map((value) => value.split(";")[0]).join("; ");
    // One token per worker: the sign limit counts per token.
    const tokens = await Promise.all(
      Array.from({ length: UPLOADERS + READERS + SHARERS }, async (_, index) => {
        const created = await fetch(`${origin}/api/tokens`, { method: "POST", headers: { cookie, "content-type": "application/json", origin }, body: JSON.stringify({ name: `soak-${index}`, scopes: ["upload", "read", "delete", "share"] }) });
        if (created.status !== 201) throw new Error(`token: ${created.status} ${await created.text()}`);
        return ((await created.json()) as { token: string }).token;
      }),
    );

    const tally: Tally = { started: 0, indexed: 0, failed: [], reads: 0, shares: 0, serverErrors: [] };
    const startedMs = Date.now();
    const until = startedMs + seconds * 1000;
    const rss: Record<"a" | "b", { minutes: number; mb: number }[]> = { a: [], b: [] };
    const sampleRss = async () => {
      for (const name of ["a", "b"] as const) {
        const text = await scrape(instances[name]);
        rss[name].push({ minutes: (Date.now() - startedMs) / 60_000, mb: sampleValue(text, "pixbucket_process_resident_memory_bytes") / 1e6 });
      }
    };
    await sampleRss();
    const sampler = setInterval(() => void sampleRss().catch((error: unknown) => console.error(`soak: ${String(error)}`)), 10_000);
    let n = 0;
    const workers = [
      ...Array.from({ length: UPLOADERS }, (_, index) => {
        const api = client(origin, tokens[index]!, tally);
        let next = index;
        return loop(until, () => uploadOne(api, photos[next++ % PHOTOS]!, `soak-${index}-${(n++).toString(36)}.jpg`, tally));
      }),
      ...Array.from({ length: READERS }, (_, index) => loop(until, () => readGallery(client(origin, tokens[UPLOADERS + index]!, tally), tally))),
      ...Array.from({ length: SHARERS }, (_, index) => loop(until, async () => {
        await shareOne(client(origin, tokens[UPLOADERS + READERS + index]!, tally), origin, tally);
        await sleep(1000);
      })),
    ];
    await Promise.all(workers);
    clearInterval(sampler);
    await sampleRss();

    // Objects against references: every key a row names is in the bucket, and nothing else is.
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const columns = (await db.query<{ column_name: string }>("select column_name from information_schema.columns where table_name = 'images' and column_name like '%key'")).rows.map((row) => row.column_name);
    const referenced = new Set<string>();
    for (const row of (await db.query<Record<string, string | null>>(`select ${columns.map((c) => `"${c}"`).join(", ")} from images`)).rows) {
      for (const value of Object.values(row)) if (value) referenced.add(value);
    }
    const pending = Number((await db.query<{ count: string }>("select count(*) from uploads where status = 'pending'")).rows[0]!.count);
    await db.end();
    const stored = new Set<string>();
    let token: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
      for (const item of page.Contents ?? []) stored.add(item.Key!);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    const missing = [...referenced].filter((key) => !stored.has(key));
    const stray = [...stored].filter((key) => !referenced.has(key));

    const minutes = (Date.now() - startedMs) / 60_000;
    for (const name of ["a", "b"] as const) {
      const counts = requestCounts(await scrape(instances[name]));
      const points = rss[name];
      console.log(
        `soak: instance ${name}: ${counts.requests} requests, ${counts.serverErrors} 5xx, RSS ${points[0]!.mb.toFixed(0)} → ${points.at(-1)!.mb.toFixed(0)} MB, slope ${slope(points.slice(Math.floor(points.length / 5))).toFixed(2)} MB/min (after the first fifth)`,
      );
    }
    console.log(`soak: ${seconds} s: uploads started ${tally.started}, indexed ${tally.indexed}, failed ${tally.failed.length}; gallery pages ${tally.reads}; shares ${tally.shares}; pending left ${pending}`);
    console.log(`soak: bucket objects ${stored.size}, referenced by the index ${referenced.size}, missing ${missing.length}, stray ${stray.length}; 5xx seen by clients ${tally.serverErrors.length}`);
    for (const line of [...tally.failed, ...tally.serverErrors].slice(0, 10)) console.log(`soak:   ${line}`);
    console.log(benchLine("soak", tally.indexed / minutes, floor, "uploads/min"));
    if (tally.failed.length > 0 || tally.serverErrors.length > 0 || missing.length > 0 || stray.length > 0 || pending > 0) process.exitCode = 1;
  } finally {
    stopPair();
    await sleep(3000);
    await emptyAndDeleteBucket(s3, bucket);
    s3.destroy();
  }
}
