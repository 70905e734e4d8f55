import { expect } from "vitest";
import type { ImageDto } from "@/contract/images";
import type { CreatedShare, CreateShareInput } from "@/contract/shares";
import type { CreatedToken, CreateTokenInput } from "@/contract/tokens";
import { makeImage } from "../fixtures/images";
import type { TestUser } from "./test-app";
import { uploadFile } from "./upload-client";

/**
 * Factories for what a test needs to exist, each made through the public API as a client would,
 * so a test never depends on what another test left behind. Users come from `app.createUser()`.
 */

// Every image made here has its own bytes: the library refuses exact duplicates.
let imageSeed = 10_000;

/** A real, verified image of `user`'s (PNG noise unless a format is given). */
export async function createImage(user: Pick<TestUser, "api">, options: { name?: string; format?: "png" | "jpeg" | "webp"; width?: number; height?: number } = {}): Promise<ImageDto> {
  const format = options.format ?? "png";
  imageSeed += 1;
  const bytes = await makeImage(format, options.width ?? 32, options.height ?? 24, imageSeed);
  const name = options.name ?? `factory-${imageSeed}.${format === "jpeg" ? "jpg" : format}`;
  const { complete } = await uploadFile(user, { name, type: `image/${format}`, bytes });
  expect(complete.status, await complete.clone().text()).toBe(201);
  return ((await complete.json()) as { image: ImageDto }).image;
}

/** A share link of `user`'s; expires in a day unless told otherwise. */
export async function createShare(user: Pick<TestUser, "api">, input: Omit<CreateShareInput, "expiresIn"> & { expiresIn?: CreateShareInput["expiresIn"] }): Promise<CreatedShare> {
  const response = await user.api("/api/shares", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ expiresIn: "1d", ...input }),
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as CreatedShare;
}

/** An API token of `user`'s, made with their session (a token cannot make tokens). */
export async function createToken(user: Pick<TestUser, "signIn">, input: Partial<CreateTokenInput> = {}): Promise<CreatedToken> {
  const session = await user.signIn();
  const response = await session("/api/tokens", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ name: "factory token", ...input }) });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await response.json()) as CreatedToken;
}
