/**
 * bench md5: what the browser-side Content-MD5 costs. hash-wasm's MD5 runs in headless Chromium
 * (Debian's) over a 64 MiB file in 8 MiB slices, as the uploader's worker does; the floor is
 * OpenSSL's MD5 (node:crypto) on the same bytes. Reports ms per MB.
 */
import { chromium } from "@playwright/test";
import { createHash, randomBytes } from "node:crypto";
import path from "node:path";
import { benchLine } from "./_measure";

const SIZE_MB = 64;

export async function run(): Promise<void> {
  const bytes = randomBytes(SIZE_MB * 1024 * 1024);

  const floorRuns: number[] = [];
  for (let run = 0; run < 5; run += 1) {
    const started = process.hrtime.bigint();
    createHash("md5").update(bytes).digest("base64");
    floorRuns.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  const floorMsPerMb = Math.min(...floorRuns) / SIZE_MB;

  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
  try {
    const page = await browser.newPage();
    await page.setContent("<html><body>md5 bench</body></html>");
    await page.addScriptTag({ path: path.join(process.cwd(), "node_modules/hash-wasm/dist/md5.umd.min.js") });
    const browserMs = await page.evaluate(async (sizeMb) => {
      const data = new Uint8Array(sizeMb * 1024 * 1024);
      for (let offset = 0; offset < data.length; offset += 65536) crypto.getRandomValues(data.subarray(offset, offset + 65536));
      const file = new Blob([data]);
      const hashWasm = (globalThis as unknown as { hashwasm: { createMD5(): Promise<{ init(): void; update(d: Uint8Array): void; digest(f: "binary"): Uint8Array }> } }).hashwasm;
      const runs: number[] = [];
      for (let run = 0; run < 4; run += 1) {
        const started = performance.now();
        const md5 = await hashWasm.createMD5();
        md5.init();
        for (let offset = 0; offset < file.size; offset += 8 * 1024 * 1024) {
          md5.update(new Uint8Array(await file.slice(offset, offset + 8 * 1024 * 1024).arrayBuffer()));
        }
        md5.digest("binary");
        runs.push(performance.now() - started);
      }
      return Math.min(...runs.slice(1));
    }, SIZE_MB);
    const msPerMb = browserMs / SIZE_MB;
    console.log(`hash-wasm MD5 in Chromium: ${(SIZE_MB / (browserMs / 1000)).toFixed(0)} MB/s; OpenSSL MD5: ${(1000 / floorMsPerMb).toFixed(0)} MB/s`);
    console.log(`a 50 MB photo costs ${(msPerMb * 50).toFixed(0)} ms of one worker's time`);
    console.log(benchLine("md5", msPerMb, floorMsPerMb, "ms/MB"));
  } finally {
    await browser.close();
  }
}
