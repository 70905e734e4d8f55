import { cruise, type ICruiseResult, type IViolation } from "dependency-cruiser";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";
import { beforeAll, describe, expect, it } from "vitest";

// The graph of src/ as TypeScript resolves it (`@/…` paths included), type-only imports counted:
// a cycle through `import type` still ties the two modules' meaning together.
let violations: IViolation[];
let result: ICruiseResult;

const describeViolation = (violation: IViolation) =>
  violation.cycle ? [violation.from, ...violation.cycle.map((step) => step.name)].join(" → ") : `${violation.from} → ${violation.to}`;

beforeAll(async () => {
  const cruised = await cruise(
    ["src"],
    {
      tsConfig: { fileName: "tsconfig.json" },
      tsPreCompilationDeps: true,
      validate: true,
      doNotFollow: { path: "node_modules" },
      exclude: { path: "node_modules" },
      ruleSet: {
        forbidden: [
          { name: "no-cycle", severity: "error", from: {}, to: { circular: true } },
          {
            name: "services-without-http",
            severity: "error",
            from: { path: "^src/server/(uploads|images|shares|users|tokens|albums)/" },
            to: { path: "^src/server/http/" },
          },
        ],
      },
    },
    {},
    { tsConfig: extractTSConfig("tsconfig.json") },
  );
  result = cruised.output as ICruiseResult;
  violations = result.summary.violations;
}, 60_000);

describe("the module graph of src/", () => {
  it("is read whole, with `@/…` and relative imports resolved (else the checks below would pass on nothing)", () => {
    expect(result.modules.length).toBeGreaterThan(300);
    const route = result.modules.find((module) => module.source === "src/app/api/storage/[...key]/route.ts");
    expect(route?.dependencies.map((dependency) => dependency.resolved)).toContain("src/server/runtime.ts");
    const wrapper = result.modules.find((module) => module.source === "src/server/http/route.ts");
    expect(wrapper?.dependencies.map((dependency) => dependency.resolved)).toContain("src/server/context.ts");
  });

  it("has no import cycles", () => {
    expect(violations.filter((violation) => violation.rule.name === "no-cycle").map(describeViolation)).toEqual([]);
  });

  it("keeps services out of the HTTP layer: nothing in uploads, images, shares, users, tokens or albums imports src/server/http", () => {
    expect(violations.filter((violation) => violation.rule.name === "services-without-http").map(describeViolation)).toEqual([]);
  });
});
