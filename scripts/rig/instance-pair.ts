// Two Pixbucket instances behind Debian's nginx, for the browser tests and bench/soak: the way
// Pixbucket is meant to scale out (one Postgres, one S3, identical stateless instances).
//
//   tsx scripts/rig/instance-pair.ts --port P
//
// nginx listens on 127.0.0.1:P and balances over instances `a` (P+1) and `b` (P+2), each a
// `next start` of the current build with this process's environment (storage, DATABASE_URL, a
// shared PIXBUCKET_SECRET…). A control server on 127.0.0.1:P+3 lets tests restart them:
//   GET  /instances          → [{name, port, pid, up}]
//   POST /restart/{a|b}      → SIGTERM, wait for the exit, start again, wait for /api/health;
//                               answers {exitCode, signal, stopSeconds, startSeconds}
//   POST /kill/{a|b}         → SIGKILL and wait for the exit
//   POST /start/{a|b}        → start (after a kill) and wait for /api/health
// Everything runs in the foreground and stops with this process (SIGTERM/SIGINT, or its group).
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { port: { type: "string" } } });
const nginxPort = Number(values.port);
if (!Number.isInteger(nginxPort) || nginxPort < 1024 || nginxPort > 65_000) {
  console.error("usage: tsx scripts/rig/instance-pair.ts --port P   (nginx on P, instances on P+1 and P+2, control on P+3)");
  process.exit(2);
}

const root = path.resolve(import.meta.dirname, "../..");
const nextBin = path.join(root, "node_modules/next/dist/bin/next");
const workDir = mkdtempSync(path.join(tmpdir(), "pixbucket-pair-"));
const HEALTH_TIMEOUT_MS = 120_000;

interface Instance {
  name: "a" | "b";
  port: number;
  child: ChildProcess | null;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | null;
}

const instances: Instance[] = [
  { name: "a", port: nginxPort + 1, child: null, exited: null },
  { name: "b", port: nginxPort + 2, child: null, exited: null },
];

function log(message: string): void {
  console.log(`pair: ${message}`);
}

/**
 * No keep-alive towards the instances: every proxied request opens its own connection, so an
 * instance that stopped listening (SIGTERM) refuses it and nginx passes the request to the other
 * one before anything was sent, which is safe even for POST. A request already sent is never
 * retried (non-idempotent), so no upload is completed twice.
 */
function nginxConfig(): string {
  const temp = (name: string) => path.join(workDir, "nginx", name);
  return `worker_processes 1;
daemon off;
pid ${temp("nginx.pid")};
error_log ${temp("error.log")} warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${temp("body")};
  proxy_temp_path ${temp("proxy")};
  fastcgi_temp_path ${temp("fastcgi")};
  uwsgi_temp_path ${temp("uwsgi")};
  scgi_temp_path ${temp("scgi")};
  # Local-storage PUTs pass through here; the app bounds every body itself.
  client_max_body_size 1100m;
  upstream pixbucket {
    server 127.0.0.1:${instances[0]!.port} max_fails=1 fail_timeout=2s;
    server 127.0.0.1:${instances[1]!.port} max_fails=1 fail_timeout=2s;
  }
  server {
    listen 127.0.0.1:${nginxPort};
    location / {
      proxy_pass http://pixbucket;
      proxy_http_version 1.1;
      proxy_set_header Connection close;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_next_upstream error timeout http_502 http_503;
      proxy_next_upstream_tries 2;
      proxy_connect_timeout 2s;
      proxy_read_timeout 300s;
      proxy_request_buffering off;
      proxy_buffering off;
    }
  }
}
`;
}

function startNginx(): ChildProcess {
  for (const dir of ["body", "proxy", "fastcgi", "uwsgi", "scgi"]) mkdirSync(path.join(workDir, "nginx", dir), { recursive: true });
  const config = path.join(workDir, "nginx", "nginx.conf");
  writeFileSync(config, nginxConfig());
  const child = spawn("nginx", ["-c", config, "-p", path.join(workDir, "nginx")], { stdio: "inherit" });
  child.on("exit", (code, signal) => {
    if (!shuttingDown) {
      log(`nginx exited (${code ?? signal}); stopping`);
      void shutdown(1);
    }
  });
  return child;
}

async function isHealthy(port: number): Promise<boolean> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(3000) });
    return response.status === 200;
  } catch {
    return false;
  }
}

async function waitHealthy(instance: Instance): Promise<void> {
  const deadline = Date.now() + HEALTH_TIMEOUT_MS;
  while (!(await isHealthy(instance.port))) {
    if (!instance.child || instance.child.exitCode !== null) throw new Error(`instance ${instance.name} exited while starting`);
    if (Date.now() > deadline) throw new Error(`instance ${instance.name} was not healthy within ${HEALTH_TIMEOUT_MS / 1000}s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function startInstance(instance: Instance): Promise<number> {
  if (instance.child) throw new Error(`instance ${instance.name} is running`);
  const startedAt = performance.now();
  const dataDir = path.join(workDir, instance.name);
  // The Node binary itself, not npx: a signal must reach Next's process, not a wrapper.
  const child = spawn(process.execPath, [nextBin, "start", "-p", String(instance.port), "-H", "127.0.0.1"], {
    cwd: root,
    env: { ...process.env, PIXBUCKET_DATA_DIR: dataDir, PORT: String(instance.port), PIXBUCKET_INSTANCE: instance.name },
    stdio: ["ignore", "inherit", "inherit"],
  });
  instance.child = child;
  instance.exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  void instance.exited.then(() => {
    if (instance.child === child) instance.child = null;
  });
  await waitHealthy(instance);
  log(`instance ${instance.name} (pid ${child.pid}) healthy on 127.0.0.1:${instance.port}`);
  return (performance.now() - startedAt) / 1000;
}

async function stopInstance(instance: Instance, signal: "SIGTERM" | "SIGKILL") {
  const { child, exited } = instance;
  if (!child || !exited) throw new Error(`instance ${instance.name} is not running`);
  const startedAt = performance.now();
  child.kill(signal);
  const result = await exited;
  const stopSeconds = (performance.now() - startedAt) / 1000;
  log(`instance ${instance.name} exited after ${signal} in ${stopSeconds.toFixed(2)}s (${result.code ?? result.signal})`);
  return { exitCode: result.code, signal: result.signal, stopSeconds };
}

function findInstance(name: string | undefined): Instance {
  const instance = instances.find((candidate) => candidate.name === name);
  if (!instance) throw new Error(`no instance named ${JSON.stringify(name)}`);
  return instance;
}

async function control(method: string, pathname: string): Promise<unknown> {
  const [, action = "", name] = pathname.split("/");
  if (method === "GET" && action === "instances") {
    return Promise.all(instances.map(async ({ name: n, port, child }) => ({ name: n, port, pid: child?.pid ?? null, up: await isHealthy(port) })));
  }
  if (method !== "POST") throw new Error(`unknown control request ${method} ${pathname}`);
  const instance = findInstance(name);
  switch (action) {
    case "restart": {
      const stopped = await stopInstance(instance, "SIGTERM");
      return { ...stopped, startSeconds: await startInstance(instance) };
    }
    case "kill":
      return stopInstance(instance, "SIGKILL");
    case "start":
      return { startSeconds: await startInstance(instance) };
    default:
      throw new Error(`unknown control request ${method} ${pathname}`);
  }
}

function startControlServer() {
  const server = createServer((request, response) => {
    control(request.method ?? "GET", new URL(request.url ?? "/", "http://control").pathname).then(
      (body) => response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(body)),
      (error: unknown) => response.writeHead(500, { "Content-Type": "application/json" }).end(JSON.stringify({ error: String(error) })),
    );
  });
  server.listen(nginxPort + 3, "127.0.0.1");
  return server;
}

let shuttingDown = false;
let nginx: ChildProcess | null = null;

async function shutdown(code: number): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  nginx?.kill("SIGQUIT");
  await Promise.all(instances.filter((instance) => instance.child).map((instance) => stopInstance(instance, "SIGTERM").catch(() => undefined)));
  rmSync(workDir, { recursive: true, force: true });
  process.exit(code);
}

process.on("SIGTERM", () => void shutdown(0));
process.on("SIGINT", () => void shutdown(0));

async function main(): Promise<void> {
  // One after the other: the first one migrates the shared database, the second finds it done.
  await startInstance(instances[0]!);
  await startInstance(instances[1]!);
  nginx = startNginx();
  startControlServer();
  log(`nginx on 127.0.0.1:${nginxPort} in front of a (${instances[0]!.port}) and b (${instances[1]!.port}); control on ${nginxPort + 3}`);
}

main().catch((error: unknown) => {
  console.error(`pair: ${error instanceof Error ? error.message : String(error)}`);
  void shutdown(1);
});
