import { afterEach, describe, expect, it } from "vitest";
import { checkAnswer, findOperation, takeViolations } from "../helpers/contract-check";

const get = (path: string) => ({ method: "GET", url: `http://app.test${path}` });

describe("the integration suite's answer check", () => {
  afterEach(() => void takeViolations());

  it("finds the most specific operation for a path", () => {
    expect(findOperation("POST", "/api/albums/a1/images/remove")?.template).toBe("/api/albums/{id}/images/remove");
    expect(findOperation("POST", "/api/images/delete")?.template).toBe("/api/images/delete");
    expect(findOperation("GET", "/api/storage/originals/u/a.jpg")?.template).toBe("/api/storage/{key}");
    expect(findOperation("PATCH", "/api/images/x")).toBeNull();
  });

  it("accepts an answer that matches its schema", async () => {
    await checkAnswer(get("/api/images"), Response.json({ images: [], nextCursor: null }));
    expect(takeViolations()).toEqual([]);
  });

  it("flags a body that breaks the schema, an extra field, and a status the operation does not list", async () => {
    await checkAnswer(get("/api/images"), Response.json({ images: "none", nextCursor: null }));
    await checkAnswer(get("/api/images"), Response.json({ images: [], nextCursor: null, total: 3 }));
    await checkAnswer(get("/api/images/abc"), Response.json({ error: { code: "conflict", message: "no" } }, { status: 409 }));
    await checkAnswer(get("/api/images"), Response.json({ error: { code: "teapot", message: "no" } }, { status: 400 }));
    const violations = takeViolations();
    expect(violations).toHaveLength(4);
    expect(violations[0]).toMatch(/GET \/api\/images .*→ 200/);
    expect(violations[2]).toMatch(/lists no 409/);
  });
});
