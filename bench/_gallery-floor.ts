/**
 * The floor for bench/gallery: a bare node:http server (no Next, no route wrapper, no caller
 * lookup, no signed-URL cache, no metrics) answering GET /api/images with the app's own query and
 * the app's own signing, row by row, through a plain storage driver: the same SQL, the same URLs,
 * the same JSON. What is left between it and the app is what the app adds around them. It runs
 * in a process of its own, as `next start` does, so neither shares a thread with the client.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { loadConfig } from "@/server/config";
import { createServiceContext, type CurrentUser } from "@/server/context";
import { listImages } from "@/server/images/list-images";
import { createRuntime } from "@/server/runtime";
import { createStorage } from "@/server/storage";

const READY = "floor ready";

export interface FloorServer {
  origin: string;
  stop(): Promise<void>;
}

/** Starts the floor on 127.0.0.1:`port` with the app's configuration `env`, answering every request as `user`. */
export async function startFloorServer(env: Record<string, string>, user: CurrentUser, port: number): Promise<FloorServer> {
  const child: ChildProcess = spawn(path.join(process.cwd(), "node_modules/.bin/tsx"), ["--conditions=react-server", import.meta.filename], {
    env: { ...process.env, DATABASE_URL: "", ...env, BENCH_FLOOR_USER: JSON.stringify(user), BENCH_FLOOR_PORT: String(port) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = once(child, "exit");
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes(READY)) resolve();
    });
    exited.then(() => reject(new Error("the floor server exited before it was ready")), reject);
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

async function serve(): Promise<void> {
  const runtime = await createRuntime(loadConfig({ ...process.env, LOG_LEVEL: "silent" }));
  const user = JSON.parse(process.env.BENCH_FLOOR_USER!) as CurrentUser;
  const ctx = { ...createServiceContext(runtime, user), storage: createStorage(runtime.config) };
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://floor");
    listImages(ctx, Object.fromEntries(url.searchParams)).then(
      (page) => {
        response.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
        response.end(JSON.stringify(page));
      },
      (error: unknown) => {
        response.writeHead(500, { "content-type": "application/json" });
        response.end(JSON.stringify({ error: { code: "floor", message: String(error) } }));
      },
    );
  });
  server.keepAliveTimeout = 60_000;
  process.once("SIGTERM", () => {
    server.close();
    server.closeAllConnections();
    void runtime.stop().then(() => process.exit(0));
  });
  server.listen(Number(process.env.BENCH_FLOOR_PORT), "127.0.0.1", () => console.log(READY));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  serve().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
