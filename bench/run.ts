/**
 * npm run bench -- NAME   runs bench/NAME.ts. Each bench measures its own floor in the same run
 * and ends with one line: `bench NAME: <figure> <unit> (floor <figure> <unit>, ratio <r>)`.
 */
import { readdirSync } from "node:fs";
import path from "node:path";

const name = process.argv[2];
const available = readdirSync(import.meta.dirname)
  .filter((file) => file.endsWith(".ts") && !["run.ts"].includes(file) && !file.startsWith("_"))
  .map((file) => file.replace(/\.ts$/, ""));

if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- NAME   (one of: ${available.join(", ")})`);
  process.exit(2);
}
import(path.join(import.meta.dirname, `${name}.ts`))
  .then((bench: { run(): Promise<void> }) => bench.run())
  .then(() => process.exit(0))
  .catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
