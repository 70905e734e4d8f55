import "server-only";

import type { MultipartPlan } from "@/contract/uploads";

export type { MultipartPlan };

export function planParts(size: number, partSize: number): MultipartPlan {
  return { partSize, partCount: Math.ceil(size / partSize) };
}

/** The exact length part `partNumber` must have; signed into its URL so storage refuses any other. */
export function partLength(size: number, partSize: number, partNumber: number): number {
  const { partCount } = planParts(size, partSize);
  return partNumber < partCount ? partSize : size - partSize * (partCount - 1);
}
