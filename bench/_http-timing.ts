/** Timing HTTP round trips for benches: a keep-alive node:http client, percentiles, a closed-loop load. */
import http from "node:http";

export interface Answer {
  status: number;
  body: Buffer;
  /** From writing the request to the last byte of the body. */
  ms: number;
}

export interface HttpClient {
  get(pathname: string): Promise<Answer>;
  close(): void;
}

/**
 * GETs against one origin over at most `sockets` kept-alive connections. node:http rather than
 * fetch: the client shares the machine with the server it measures, so it should cost little.
 * No Accept-Encoding is sent, so every server answers the same identity-encoded bytes.
 */
export function httpClient(origin: string, headers: Record<string, string>, sockets = 16): HttpClient {
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  const { hostname, port } = new URL(origin);
  const once = (pathname: string) =>
    new Promise<Answer>((resolve, reject) => {
      const started = process.hrtime.bigint();
      const request = http.request({ hostname, port, path: pathname, method: "GET", headers, agent }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", reject);
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks), ms: Number(process.hrtime.bigint() - started) / 1e6 }));
      });
      request.on("error", reject);
      request.end();
    });
  return {
    // A kept-alive socket the server closed while idle fails once with ECONNRESET; a new one does not.
    get: (pathname) => once(pathname).catch((error: NodeJS.ErrnoException) => (error.code === "ECONNRESET" ? once(pathname) : Promise.reject(error))),
    close: () => agent.destroy(),
  };
}

export interface Percentiles {
  p50: number;
  p95: number;
  samples: number;
}

/** Nearest-rank percentiles. */
export function percentiles(samples: number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
  return { p50: rank(0.5), p95: rank(0.95), samples: sorted.length };
}

/**
 * Who goes first in turn `index`: the order flips every turn, since the second to ask for rows the
 * database just read from disk finds them in its cache.
 */
export function turnOrder(count: number, index: number): number[] {
  const order = Array.from({ length: count }, (_, which) => which);
  return index % 2 === 0 ? order : order.reverse();
}

/**
 * `runs` sequential GETs of `pathname` from each client after `warmup` untimed ones, taking turns
 * request by request, so servers measured side by side see the same noise from the rest of the
 * machine. `check` sees every answer. One result per client, in order.
 */
export async function timeGets(clients: HttpClient[], pathname: string, runs: number, check: (answer: Answer) => void, warmup = 10): Promise<Percentiles[]> {
  const client = (which: number) => clients[which]!;
  const samples = clients.map((): number[] => []);
  for (let index = 0; index < warmup + runs; index += 1) {
    for (const which of turnOrder(clients.length, index)) {
      const answer = await client(which).get(pathname);
      check(answer);
      if (index >= warmup) samples[which]!.push(answer.ms);
    }
  }
  return samples.map(percentiles);
}

export interface LoadResult extends Percentiles {
  requestsPerSecond: number;
}

/** `clients` loops, each sending its next GET as soon as the last one is answered, for `seconds`. */
async function closedLoop(client: HttpClient, pathname: string, clients: number, seconds: number, check: (answer: Answer) => void, samples: number[]): Promise<void> {
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        const answer = await client.get(pathname);
        check(answer);
        samples.push(answer.ms);
      }
    }),
  );
}

/**
 * A closed-loop load of `clients` concurrent loops for `seconds` on each target, in `slices` turns
 * (target A, target B, B, A…) so a busy spell elsewhere on the machine does not land on one alone.
 */
export async function closedLoopLoad(targets: HttpClient[], pathname: string, clients: number, seconds: number, check: (answer: Answer) => void, slices = 2): Promise<LoadResult[]> {
  const samples = targets.map((): number[] => []);
  const elapsed = targets.map(() => 0);
  for (let slice = 0; slice < slices; slice += 1) {
    for (const which of turnOrder(targets.length, slice)) {
      const started = performance.now();
      await closedLoop(targets[which]!, pathname, clients, seconds / slices, check, samples[which]!);
      elapsed[which]! += (performance.now() - started) / 1000;
    }
  }
  return samples.map((taken, which) => ({ ...percentiles(taken), requestsPerSecond: taken.length / elapsed[which]! }));
}
