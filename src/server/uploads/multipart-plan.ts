import "server-only";

/** How a multipart upload is cut: every part `partSize` bytes except a shorter last one. */
export interface MultipartPlan {
  partSize: number;
  partCount: number;
}

export function planParts(size: number, partSize: number): MultipartPlan {
  return { partSize, partCount: Math.ceil(size / partSize) };
}

/** The exact length part `partNumber` must have; signed into its URL so storage refuses any other. */
export function partLength(size: number, partSize: number, partNumber: number): number {
  const { partCount } = planParts(size, partSize);
  return partNumber < partCount ? partSize : size - partSize * (partCount - 1);
}
