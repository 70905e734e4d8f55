import { expect } from "vitest";
import type { ErrorBody } from "@/contract/common";

export type { ErrorBody };

/** Asserts the API's error shape: JSON `{error:{code,message}}` with this status and code, and a real sentence. */
export async function expectError(response: Response, status: number, code: string): Promise<ErrorBody> {
  expect(response.headers.get("content-type")).toContain("application/json");
  const body = (await response.json()) as ErrorBody;
  expect(response.status, JSON.stringify(body)).toBe(status);
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(5);
  return body;
}
