import { describe, expect, it } from "vitest";
import { routeLabel } from "@/server/metrics/route-label";
import { listRouteFiles } from "../helpers/route-table";

/** A concrete path for a route pattern: every [param] filled with an id-like value. */
function examplePath(pattern: string): string {
  return pattern.replace(/\[\.\.\.[a-z]+\]/gi, "x1/y2/z3").replace(/\[[a-z]+\]/gi, "Ab3_dEf9-xYz");
}

describe("routeLabel", () => {
  it("turns a concrete path of every API route on disk back into that route's pattern", () => {
    const routes = listRouteFiles();
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) {
      const expected = route.pattern.replace(/\[(?!\.\.\.)[a-z]+\]/gi, (param) => (param === "[token]" ? "[token]" : "[id]"));
      expect(routeLabel(examplePath(route.pattern)), route.file).toBe(expected);
    }
  });

  it("keeps the label set bounded whatever a stranger puts in the path", () => {
    const labels = new Set(Array.from({ length: 500 }, (_, index) => routeLabel(`/api/images/${index}-${Math.random()}/download`)));
    expect([...labels]).toEqual(["/api/images/[id]/download"]);
    expect(routeLabel("/api/a/b/c/d/e/f/g/h")).toBe("other");
    expect(routeLabel("/api/storage/u/1/2/3/4/5/6/7/8")).toBe("/api/storage/[...key]");
  });
});
