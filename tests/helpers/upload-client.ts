import { expect } from "vitest";
import { asBody, md5Base64 } from "../fixtures/images";
import type { TestApp } from "./test-app";

export interface FileToUpload {
  name: string;
  type: string;
  bytes: Buffer;
}

export async function signUploads(app: Pick<TestApp, "api">, files: { name: string; type: string; size: number; md5?: string }[]) {
  const response = await app.api("/api/uploads", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ files }),
  });
  return response;
}

/** The whole client flow for one file: sign (with its MD5, as the uploader and the CLI do) → PUT straight to storage → complete. */
export async function uploadFile(app: Pick<TestApp, "api">, file: FileToUpload): Promise<{ id: string; complete: Response }> {
  const signed = await signUploads(app, [
    { name: file.name, type: file.type, size: file.bytes.length, md5: md5Base64(file.bytes) },
  ]);
  expect(signed.status).toBe(200);
  const [entry] = ((await signed.json()) as { uploads: { id: string; url: string; method: string; headers: Record<string, string> }[] }).uploads;
  expect(entry, "the server refused to sign the file").toHaveProperty("url");
  const put = await fetch(entry!.url, { method: entry!.method, headers: entry!.headers, body: asBody(file.bytes) });
  expect(put.status, await put.clone().text()).toBe(200);
  const complete = await app.api(`/api/uploads/${entry!.id}/complete`, { method: "POST" });
  return { id: entry!.id, complete };
}

/** Every object key in the app's storage, to prove nothing stray is left. */
export async function storedKeys(app: TestApp): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of app.runtime.storage.list("")) keys.push(...page.map((item) => item.key));
  return keys.sort();
}
