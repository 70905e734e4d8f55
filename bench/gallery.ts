/**
 * bench gallery: HTTP round trips of GET /api/images?limit=60 with an API token against the
 * production build (`next start`), on
 *  - the rig's Postgres with 1,000,000 images for one user, and PGlite with 100,000; each also at
 *    10,000 first, so size can be compared (keyset pages and the trigram search should not grow);
 *  - the floor: a bare node:http server with the same query and signing (bench/_gallery-floor.ts),
 *    measured by the same client on the same rows in the same run.
 * Per server: p50/p95 of page 1, page 1000 (walked by cursor), page 1 of each sort, a search that
 * matches five rows and one that matches none; then 16 clients for 10 s on page 1. Both servers run
 * at once and take turns request by request (who goes first flips each turn), so the ratios hold on
 * a machine that is busy with other work; an embedded database is copied for the floor. Storage is the
 * rig's RGW (s3 driver); URLs are signed and never fetched, so the bucket stays empty.
 * Needs the rig and a build: bash scripts/services.sh start && source .test-services/env.sh && npm run build
 *   npm run bench -- gallery [postgres|pglite|postgres,pglite] [ROWS]   (ROWS instead of 1M/100k, to try it out)
 */
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { imageSorts } from "@/lib/gallery-query";
import { toSessionCaller } from "@/server/auth/resolve-caller";
import { loadConfig } from "@/server/config";
import { createPublicContext, createServiceContext, type CurrentUser } from "@/server/context";
import { createRuntime, type Runtime } from "@/server/runtime";
import { createApiToken } from "@/server/tokens/api-tokens";
import { createFirstAdmin } from "@/server/users/create-first-admin";
import { sampleValue } from "../tests/helpers/prometheus-text";
import { createTestBucket, createTestDatabase } from "../tests/helpers/test-env";
import { benchOrigin, benchPort, startAppServer, stopAppServer } from "./_app-server";
import { EMPTY_QUERY, insertGalleryRows, SELECTIVE_MATCHES, SELECTIVE_QUERY } from "./_gallery-rows";
import { startFloorServer } from "./_gallery-floor";
import { closedLoopLoad, httpClient, timeGets, turnOrder, type Answer, type HttpClient, type LoadResult, type Percentiles } from "./_http-timing";
import { benchLine, rigEnv } from "./_measure";

type Stack = "postgres" | "pglite";
const stacks: readonly Stack[] = ["postgres", "pglite"];
const BIG_ROWS: Record<Stack, number> = { postgres: 1_000_000, pglite: 100_000 };
const SMALL_ROWS = 10_000;
const PAGE = 60;
const DEEP_PAGE = 1000;
const RUNS = 200;
const SORT_RUNS = 100;
const CLIENTS = 16;
const LOAD_SECONDS = 10;
const METRICS_TOKEN = "bench-gallery-metrics-token-0123";

const FIGURES = ["page 1", "deep page", ...imageSorts.map((sort) => `sort=${sort}`), "search: 5 rows", "search: none"] as const;
type Figure = (typeof FIGURES)[number];

interface Measured {
  figures: Map<Figure, Percentiles>;
  load: LoadResult;
  /** The page the deep figure is: 1000, or the last full page when there are fewer. */
  deepPage: number;
  walkMsPerPage: number;
}

interface SizeResult {
  rows: number;
  insertSeconds: number;
  app: Measured;
  floor: Measured;
  /** Signed-URL cache hits over all lookups, for the app's whole run and for its 16-client phase. */
  cacheHitRate: { run: number; load: number };
}

const list = (query = "") => `/api/images?limit=${PAGE}${query}`;

function expectImages(count: number) {
  return (answer: Answer) => {
    if (answer.status !== 200) throw new Error(`HTTP ${answer.status}: ${answer.body.toString().slice(0, 300)}`);
    const body = JSON.parse(answer.body.toString()) as { images: unknown[] };
    if (body.images.length !== count) throw new Error(`expected ${count} images, got ${body.images.length}`);
  };
}
const fullPage = expectImages(PAGE);
/** Under load only the status is checked: parsing every answer would take CPU from the server measured. */
const isOk = (answer: Answer) => {
  if (answer.status !== 200) throw new Error(`HTTP ${answer.status} under load: ${answer.body.toString().slice(0, 300)}`);
};

type Server = "app" | "floor";
const servers: readonly Server[] = ["app", "floor"];

/** Every figure, on both servers side by side (request by request in turn; the load in alternating slices). */
async function measureSideBySide(clients: Record<Server, HttpClient>, rows: number, beforeLoad: () => Promise<void>): Promise<Record<Server, Measured>> {
  const both = servers.map((server) => clients[server]);
  const figures = servers.map(() => new Map<Figure, Percentiles>());
  const record = (figure: Figure, results: Percentiles[]) => results.forEach((result, which) => figures[which]!.set(figure, result));
  for (let index = 0; index < 30; index += 1) for (const client of both) fullPage(await client.get(list()));
  record("page 1", await timeGets(both, list(), RUNS, fullPage));

  // Page 1000 as a client scrolling down reaches it: 999 cursors followed one after another.
  const deepPage = Math.min(DEEP_PAGE, Math.floor(rows / PAGE));
  const walkMs = servers.map(() => 0);
  const cursors = servers.map(() => "");
  for (let page = 1; page < deepPage; page += 1) {
    for (const which of turnOrder(both.length, page)) {
      const answer = await both[which]!.get(list(cursors[which] && `&cursor=${cursors[which]}`));
      fullPage(answer);
      walkMs[which]! += answer.ms;
      cursors[which] = (JSON.parse(answer.body.toString()) as { nextCursor: string }).nextCursor;
    }
  }
  if (cursors[0] !== cursors[1]) throw new Error("the app and the floor walked to different pages");
  record("deep page", await timeGets(both, list(cursors[0] && `&cursor=${cursors[0]}`), RUNS, fullPage));

  for (const sort of imageSorts) record(`sort=${sort}`, await timeGets(both, list(`&sort=${sort}`), SORT_RUNS, fullPage));
  record("search: 5 rows", await timeGets(both, list(`&q=${SELECTIVE_QUERY}`), RUNS, expectImages(SELECTIVE_MATCHES)));
  record("search: none", await timeGets(both, list(`&q=${EMPTY_QUERY}`), RUNS, expectImages(0)));
  await beforeLoad();
  const loads = await closedLoopLoad(both, list(), CLIENTS, LOAD_SECONDS, isOk);
  const measured = (which: number): Measured => ({ figures: figures[which]!, load: loads[which]!, deepPage, walkMsPerPage: walkMs[which]! / Math.max(1, deepPage - 1) });
  return { app: measured(0), floor: measured(1) };
}

/** The first account and a read-only API token for it, made through the app's services. */
async function createOwner(runtime: Runtime): Promise<{ user: CurrentUser; token: string }> {
  const admin = await createFirstAdmin(createPublicContext(runtime), { email: "bench-gallery@example.test", name: "Bench", password: "bench gallery password 1" });
  const person = toSessionCaller(admin);
  const { token, apiToken } = await createApiToken(createServiceContext(runtime, person), { name: "bench gallery", scopes: ["read"] });
  return { user: { ...person, tokenId: apiToken.id, scopes: ["read"] }, token };
}

async function cacheCounts(): Promise<{ hit: number; miss: number }> {
  const response = await fetch(`${benchOrigin}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  if (!response.ok) throw new Error(`metrics: HTTP ${response.status}`);
  const text = await response.text();
  const name = "pixbucket_signed_url_cache_total";
  return { hit: sampleValue(text, name, 'result="hit"'), miss: sampleValue(text, name, 'result="miss"') };
}

const hitRate = (from: { hit: number; miss: number }, to: { hit: number; miss: number }) => {
  const hits = to.hit - from.hit;
  const lookups = hits + to.miss - from.miss;
  return lookups === 0 ? 0 : hits / lookups;
};

/** `next start` and the floor on the same rows (the floor on `floorEnv`: a copy, for an embedded database), measured side by side. */
async function measureServers(appEnv: Record<string, string>, floorEnv: Record<string, string>, owner: { user: CurrentUser; token: string }, rows: number) {
  const floor = await startFloorServer(floorEnv, owner.user, benchPort + 1);
  const app = await startAppServer(appEnv).catch(async (error: unknown) => {
    await floor.stop();
    throw error;
  });
  const clients = { app: httpClient(benchOrigin, { authorization: `Bearer ${owner.token}` }, CLIENTS), floor: httpClient(floor.origin, {}, CLIENTS) };
  try {
    const atStart = await cacheCounts();
    let atLoad = atStart;
    const measured = await measureSideBySide(clients, rows, async () => void (atLoad = await cacheCounts()));
    const atEnd = await cacheCounts();
    return { ...measured, cacheHitRate: { run: hitRate(atStart, atEnd), load: hitRate(atLoad, atEnd) } };
  } finally {
    clients.app.close();
    clients.floor.close();
    await Promise.all([stopAppServer(app), floor.stop()]);
  }
}

/** One stack from nothing: database, bucket, owner; rows grown to each size, floor then app measured at each. */
async function benchStack(stack: Stack, sizes: number[]): Promise<SizeResult[]> {
  const env = rigEnv();
  const bucket = await createTestBucket();
  const database = stack === "postgres" ? await createTestDatabase() : undefined;
  const dataDir = mkdtempSync(path.join(tmpdir(), "pixbucket-bench-gallery-"));
  const appEnv: Record<string, string> = {
    S3_ENDPOINT: env.TEST_S3_ENDPOINT!,
    S3_ACCESS_KEY_ID: env.TEST_S3_ACCESS_KEY_ID!,
    S3_SECRET_ACCESS_KEY: env.TEST_S3_SECRET_ACCESS_KEY!,
    S3_REGION: env.TEST_S3_REGION!,
    S3_BUCKET_NAME: bucket.bucket,
    ...(database ? { DATABASE_URL: database.url } : {}),
    PIXBUCKET_DATA_DIR: dataDir,
    PIXBUCKET_PUBLIC_URL: benchOrigin,
    PIXBUCKET_METRICS_TOKEN: METRICS_TOKEN,
    // Maintenance would HEAD every row's object (there are none); it is not what this measures.
    PIXBUCKET_SWEEP_INTERVAL_SECONDS: "0",
    LOG_LEVEL: "warn",
  };
  // Only to make the owner and the rows; closed before the servers start.
  const openRuntime = () => createRuntime(loadConfig({ ...appEnv, LOG_LEVEL: "silent" }));
  const results: SizeResult[] = [];
  let runtime: Runtime | undefined;
  try {
    runtime = await openRuntime();
    const owner = await createOwner(runtime);
    let inserted = 0;
    for (const rows of sizes) {
      runtime ??= await openRuntime();
      const insertMs = await insertGalleryRows(runtime.db, owner.user.id, inserted + 1, rows);
      const vacuumStarted = performance.now();
      // What autovacuum does after a load this size; without statistics the planner guesses.
      await runtime.db.execute(sql`vacuum analyze images`);
      // A load this size leaves the buffers dirty; flushed now, the write-back does not land on the measurements.
      if (database) await runtime.db.execute(sql`checkpoint`);
      console.log(`${stack}: inserted rows ${inserted + 1}..${rows} in ${(insertMs / 1000).toFixed(1)} s (generate_series), vacuum analyze${database ? " + checkpoint" : ""} ${((performance.now() - vacuumStarted) / 1000).toFixed(1)} s`);
      inserted = rows;
      await runtime.stop();
      runtime = undefined;
      // An embedded database has one process at a time: the floor gets a copy of it.
      const floorDir = database ? dataDir : `${dataDir}-floor`;
      if (!database) cpSync(dataDir, floorDir, { recursive: true });
      const { app, floor, cacheHitRate } = await measureServers(appEnv, { ...appEnv, PIXBUCKET_DATA_DIR: floorDir }, owner, rows).finally(() => {
        if (floorDir !== dataDir) rmSync(floorDir, { recursive: true, force: true });
      });
      console.log(`${stack} ${rows} rows measured: page 1 p50 ${app.figures.get("page 1")!.p50.toFixed(2)} ms (floor ${floor.figures.get("page 1")!.p50.toFixed(2)} ms)`);
      results.push({ rows, insertSeconds: insertMs / 1000, app, floor, cacheHitRate });
    }
  } finally {
    await runtime?.stop();
    // The rows go with their database.
    await database?.drop();
    await bucket.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return results;
}

const rowsLabel = (rows: number) => (rows >= 1_000_000 && rows % 1_000_000 === 0 ? `${rows / 1_000_000}M` : rows >= 1000 && rows % 1000 === 0 ? `${rows / 1000}k` : String(rows));
const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
const cell = (p: Percentiles) => `${ms(p.p50)} / ${ms(p.p95)}`;
const verdict = (isMet: boolean) => (isMet ? "met" : "NOT met");

function printStack(stack: Stack, results: SizeResult[]): void {
  const [small, big] = [results[0]!, results.at(-1)!];
  const columns = results.flatMap((result) => [`app ${rowsLabel(result.rows)}`, `floor ${rowsLabel(result.rows)}`]);
  const header = ["p50 / p95 ms", ...columns, `app/floor ${rowsLabel(big.rows)}`, `app ${rowsLabel(big.rows)}/${rowsLabel(small.rows)}`];
  const label = (figure: Figure) => (figure === "deep page" ? `page ${results.map((result) => result.app.deepPage).join("/")}` : figure);
  const body = FIGURES.map((figure) => [
    label(figure),
    ...results.flatMap((result) => [cell(result.app.figures.get(figure)!), cell(result.floor.figures.get(figure)!)]),
    (big.app.figures.get(figure)!.p50 / big.floor.figures.get(figure)!.p50).toFixed(2),
    (big.app.figures.get(figure)!.p50 / small.app.figures.get(figure)!.p50).toFixed(2),
  ]);
  body.push(
    [`${CLIENTS} clients req/s`, ...results.flatMap((result) => [result.app.load.requestsPerSecond.toFixed(0), result.floor.load.requestsPerSecond.toFixed(0)]), (big.app.load.requestsPerSecond / big.floor.load.requestsPerSecond).toFixed(2), (big.app.load.requestsPerSecond / small.app.load.requestsPerSecond).toFixed(2)],
    [`${CLIENTS} clients ms`, ...results.flatMap((result) => [cell(result.app.load), cell(result.floor.load)]), (big.app.load.p50 / big.floor.load.p50).toFixed(2), (big.app.load.p50 / small.app.load.p50).toFixed(2)],
    ["walk, ms/page", ...results.flatMap((result) => [ms(result.app.walkMsPerPage), ms(result.floor.walkMsPerPage)]), (big.app.walkMsPerPage / big.floor.walkMsPerPage).toFixed(2), (big.app.walkMsPerPage / small.app.walkMsPerPage).toFixed(2)],
  );
  const widths = header.map((_, index) => Math.max(...[header, ...body].map((row) => row[index]!.length)));
  const line = (row: string[]) => row.map((text, index) => (index === 0 ? text.padEnd(widths[index]!) : text.padStart(widths[index]!))).join("  ");
  console.log(`\n${stack} + s3 driver (RGW), ${results.map((result) => rowsLabel(result.rows)).join(" and ")} rows for one user; ${RUNS} sequential requests a figure (${SORT_RUNS} a sort) after warm-up`);
  for (const result of results) console.log(`  insert of rows up to ${rowsLabel(result.rows)}: ${result.insertSeconds.toFixed(1)} s`);
  console.log(line(header));
  for (const row of body) console.log(line(row));
  for (const result of results) {
    console.log(`  signed-URL cache hit rate at ${rowsLabel(result.rows)}: ${(result.cacheHitRate.run * 100).toFixed(1)}% over the app's run, ${(result.cacheHitRate.load * 100).toFixed(1)}% in the ${CLIENTS}-client phase`);
  }
  const p50 = (measured: Measured, figure: Figure) => measured.figures.get(figure)!.p50;
  console.log(`goals at ${rowsLabel(big.rows)}:`);
  for (const figure of ["page 1", "deep page", "search: 5 rows"] as const) {
    const ratio = p50(big.app, figure) / p50(big.floor, figure);
    const growth = p50(big.app, figure) / p50(small.app, figure);
    console.log(`  ${label(figure)}: ${ratio.toFixed(2)}x the floor (≤ 2: ${verdict(ratio <= 2)}), ${growth.toFixed(2)}x its ${rowsLabel(small.rows)} figure (≤ 1.5: ${verdict(growth <= 1.5)})`);
  }
  const throughput = big.app.load.requestsPerSecond / big.floor.load.requestsPerSecond;
  console.log(`  ${CLIENTS}-client throughput: ${throughput.toFixed(2)}x the floor's (≥ 0.5: ${verdict(throughput >= 0.5)})`);
}

export async function run(): Promise<void> {
  const chosen = (process.argv[3] ?? stacks.join(",")).split(",") as Stack[];
  const unknown = chosen.filter((stack) => !stacks.includes(stack));
  const rowsOverride = process.argv[4] === undefined ? undefined : Number(process.argv[4]);
  if (unknown.length > 0 || (rowsOverride !== undefined && !(Number.isInteger(rowsOverride) && rowsOverride > SMALL_ROWS))) {
    throw new Error(`usage: npm run bench -- gallery [${stacks.join("|")}|${stacks.join(",")}] [ROWS > ${SMALL_ROWS}]`);
  }
  const results = new Map<Stack, SizeResult[]>();
  for (const stack of chosen) results.set(stack, await benchStack(stack, [SMALL_ROWS, rowsOverride ?? BIG_ROWS[stack]]));
  for (const [stack, stackResults] of results) printStack(stack, stackResults);
  const headline = (results.get("postgres") ?? [...results.values()][0]!).at(-1)!;
  const page1 = (measured: Measured) => measured.figures.get("page 1")!.p50;
  console.log(benchLine("gallery", page1(headline.app), page1(headline.floor), "ms", `page 1 at ${rowsLabel(headline.rows)} rows`));
}
