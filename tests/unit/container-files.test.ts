import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const readme = readFileSync("README.md", "utf8");
const dockerfile = readFileSync("Dockerfile", "utf8");
const packageJson = JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string>; engines: { node: string } };

/** The commands of the README's "Running in production → From source" block. */
function readmeSteps(): string[] {
  const section = /### From source\n([\s\S]*?)\n### /.exec(readme)?.[1];
  const block = section && /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('README.md has no "### From source" section with a ```sh block');
  return block.split("\n").map((line) => line.trim()).filter(Boolean);
}

/** The Dockerfile's stages, each with its base image and its RUN/CMD instructions in order. */
function dockerStages(): { from: string; name: string; runs: string[]; cmd?: string[] }[] {
  const stages: { from: string; name: string; runs: string[]; cmd?: string[] }[] = [];
  // Continuation lines join their instruction; comments are dropped.
  const lines = dockerfile.replace(/\\\n\s*/g, " ").split("\n").filter((line) => line.trim() && !line.trim().startsWith("#"));
  for (const line of lines) {
    const [instruction = "", ...rest] = line.trim().split(/\s+/);
    const argument = rest.join(" ");
    if (instruction === "FROM") {
      const [from = "", , name = ""] = rest;
      stages.push({ from, name, runs: [] });
    } else if (instruction === "RUN") stages.at(-1)!.runs.push(argument);
    else if (instruction === "CMD") stages.at(-1)!.cmd = JSON.parse(argument) as string[];
  }
  return stages;
}

describe("the Dockerfile builds the way the README says", () => {
  it("runs the README's build steps, in order, and starts what `npm start` starts", () => {
    const steps = readmeSteps();
    expect(steps.at(-1)).toBe("npm start");
    const [build, runtime] = dockerStages();
    expect(build!.runs.filter((run) => run.startsWith("npm "))).toEqual(steps.slice(0, -1));
    // `npm start` is `next start`; the image runs Next directly so SIGTERM reaches it.
    expect(packageJson.scripts.start).toBe("next start");
    expect(runtime!.cmd).toEqual(["node", "node_modules/next/dist/bin/next", "start"]);
  });

  it("is multi-stage on the Node major the app requires, ships production dependencies only, runs unprivileged, checks health", () => {
    const stages = dockerStages();
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const major = /(\d+)/.exec(packageJson.engines.node)![1];
    for (const stage of stages) expect(stage.from).toMatch(new RegExp(`^node:${major}-`));
    expect(stages[0]!.runs).toContain("npm prune --omit=dev");
    expect(dockerfile).toMatch(/COPY --from=build \/app\/node_modules \.\/node_modules/);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile.replace(/\\\n\s*/g, " ")).toMatch(/^HEALTHCHECK .*\/api\/health/m);
  });
});

describe("docker-compose.yml", () => {
  it("validates with the compose client (the rig installs Debian's docker-compose) once its secrets are given, and names a missing one", () => {
    const secrets = { POSTGRES_PASSWORD: "a-postgres-password", MINIO_ROOT_PASSWORD: "a-minio-password", PIXBUCKET_SECRET: "0123456789abcdef0123456789abcdef" };
    const run = (env: Record<string, string>) => spawnSync("docker-compose", ["config"], { encoding: "utf8", env: { ...process.env, ...env } });
    const valid = run(secrets);
    expect(valid.error, "docker-compose is not installed: run scripts/services.sh start").toBeUndefined();
    expect(valid.status, valid.stderr).toBe(0);
    expect(valid.stderr).toBe("");
    const config = valid.stdout;
    for (const service of ["pixbucket", "postgres", "minio", "setup"]) expect(config).toMatch(new RegExp(`^  ${service}:$`, "m"));
    expect(config).toMatch(/- doctor\n\s+- --fix/);
    expect(config).toContain("condition: service_completed_successfully");

    const missing = run({ ...secrets, PIXBUCKET_SECRET: "" });
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain("set PIXBUCKET_SECRET");
  }, 60_000); // a Python program: about 1 s idle, far more on a loaded machine
});
