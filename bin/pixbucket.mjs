#!/usr/bin/env node
// The `pixbucket` command. The CLI is TypeScript, run through tsx, under the "react-server"
// condition: server modules start with `import "server-only"`, which throws outside it.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const main = path.join(root, "src", "cli", "main.ts");

const child = spawn(process.execPath, ["--conditions=react-server", "--import", import.meta.resolve("tsx"), main, ...process.argv.slice(2)], {
  stdio: "inherit",
  // tsx looks for tsconfig.json (and its `@/` paths) in the working directory unless told.
  env: { ...process.env, TSX_TSCONFIG_PATH: path.join(root, "tsconfig.json") },
});

// Ctrl-C reaches the child from the terminal; forwarding it as well would deliver it twice.
process.on("SIGINT", () => {});
for (const signal of ["SIGTERM", "SIGHUP"]) process.on(signal, () => child.kill(signal));

child.on("error", (error) => {
  console.error(`pixbucket: could not start node: ${error.message}`);
  process.exit(1);
});
child.on("exit", (code, signal) => {
  if (signal) process.kill(process.pid, signal);
  else process.exit(code ?? 1);
});
