import { describe, expect, it, vi } from "vitest";
import { SignedRequests, type SignedRequest } from "../../src/components/uploader/signed-requests";

function partRequest(partNumber: number, release = vi.fn()): SignedRequest {
  return { rowId: "r1", attempt: 0, kind: "part", uploadId: "u1", partNumber, expiresAtMs: 0, lease: { release } };
}

describe("SignedRequests", () => {
  it("hands a request out once, to the send that uses its URL", () => {
    const requests = new SignedRequests();
    const request = partRequest(1);
    requests.add("https://s3/part1", request);
    expect(requests.take("https://s3/part1")).toBe(request);
    expect(requests.take("https://s3/part1")).toBeUndefined();
  });

  it("frees the transfer slot of a URL handed out again before it was used", () => {
    const requests = new SignedRequests();
    const release = vi.fn();
    requests.add("https://s3/part1", partRequest(1, release));
    const again = partRequest(1);
    requests.add("https://s3/part1", again);
    expect(release).toHaveBeenCalledTimes(1);
    expect(requests.take("https://s3/part1")).toBe(again);
  });

  it("drops an aborted request only if its URL was not handed out again since", () => {
    const requests = new SignedRequests();
    const stale = partRequest(1);
    const fresh = partRequest(1);
    requests.add("https://s3/part1", stale);
    requests.add("https://s3/part1", fresh);
    requests.drop("https://s3/part1", stale);
    expect(requests.take("https://s3/part1")).toBe(fresh);
    requests.add("https://s3/part1", fresh);
    requests.drop("https://s3/part1", fresh);
    expect(requests.take("https://s3/part1")).toBeUndefined();
  });
});
