import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { UploadTicket } from "@/client/api-client";

// The job's own calls to the API: answered here, the network is not part of a unit test.
const api = vi.hoisted(() => ({
  completeUpload: vi.fn(),
  getImage: vi.fn(),
  listUploadedParts: vi.fn(),
  signUploadParts: vi.fn(),
}));
vi.mock("@/client/api-client", async (importOriginal) => ({ ...(await importOriginal<typeof import("@/client/api-client")>()), ...api }));

const { ConnectionGate } = await import("../../src/components/uploader/connection-gate");
const { createFairLimiter } = await import("../../src/components/uploader/create-fair-limiter");
const { SignedRequests } = await import("../../src/components/uploader/signed-requests");
const { UploadLimits } = await import("../../src/components/uploader/upload-context");
const { UploadJob } = await import("../../src/components/uploader/upload-job");
const { UploadOutcome } = await import("../../src/components/uploader/upload-failure");
const { UploadStore } = await import("../../src/components/uploader/upload-store");
type UploadRow = import("../../src/components/uploader/upload-store").UploadRow;
type UploadFile = import("../../src/components/uploader/upload-job").UploadFile;

const partBytes = 5 * 1024 * 1024;

function queuedRow(id: string, size: number): UploadRow {
  return {
    id,
    file: new Blob([new Uint8Array(8)]) as File,
    name: `${id}.jpg`,
    type: "image/jpeg",
    size,
    fingerprint: id,
    state: "queued",
    bytesUploaded: 0,
    bytesPerSecond: 0,
    canRetry: false,
    retryFrom: "start",
    attempt: 0,
    isPreviewable: false,
  };
}

/** A job over a real store, gate, limiter and URL index, with the server and the MD5 workers faked. */
function setUp(size = 1000) {
  const store = new UploadStore();
  const limits = new UploadLimits();
  limits.multipart = { thresholdBytes: partBytes, partBytes };
  const gate = new ConnectionGate({ onStatus: () => undefined, onHeldChange: () => undefined, onOpen: () => undefined });
  const transfers = createFairLimiter({ concurrency: 6, perKeyConcurrency: 4 });
  const signedRequests = new SignedRequests();
  let finishHash: (md5: string) => void = () => undefined;
  const md5Pool = { hash: vi.fn(() => new Promise<string>((resolve) => (finishHash = resolve))), cancel: vi.fn() };
  const presign = vi.fn(async (): Promise<UploadTicket> =>
    size > partBytes
      ? { id: "up1", multipart: { partSize: partBytes, partCount: Math.ceil(size / partBytes) }, expiresAt: new Date(Date.now() + 3600_000).toISOString() }
      : { id: "up1", method: "PUT", url: "/api/storage/k1", headers: { "content-md5": "x" }, expiresAt: new Date(Date.now() + 3600_000).toISOString() },
  );
  const deps = {
    store,
    limits,
    gate,
    abandon: vi.fn(),
    record: vi.fn(async () => undefined),
    presign,
    md5: () => md5Pool as never,
    transfers,
    signedRequests,
    completeSlot: <T>(task: () => Promise<T>) => task(),
    toasts: { succeeded: vi.fn(), failed: vi.fn() },
    forgetJournal: vi.fn(),
    enqueue: vi.fn(),
    onDisposed: vi.fn(),
  };
  store.add([queuedRow("r1", size)]);
  const job = new UploadJob("r1", deps);
  const file = (attempt = 0) => ({ id: "r1", meta: { rowId: "r1", attempt } }) as unknown as UploadFile;
  return { store, deps, job, file, transfers, signedRequests, md5Pool, finishHash: (md5: string) => finishHash(md5) };
}

beforeEach(() => {
  vi.stubGlobal("window", { location: { href: "http://127.0.0.1:3100/upload" } });
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.clearAllMocks();
});

describe("UploadJob", () => {
  it("hashes, gets a ticket, sends and completes: the row is done and the job lets go of itself", async () => {
    const { store, deps, job, file, finishHash, signedRequests } = setUp();
    job.hashAhead();
    expect(store.get("r1")?.state).toBe("queued");
    const parameters = job.putParameters(file(), undefined);
    finishHash("bWQ1");
    const put = await parameters;
    expect(deps.presign).toHaveBeenCalledWith({ name: "r1.jpg", type: "image/jpeg", size: 1000, md5: "bWQ1" });
    expect(put).toMatchObject({ method: "PUT", url: "http://127.0.0.1:3100/api/storage/k1" });
    expect(store.get("r1")).toMatchObject({ state: "uploading", uploadId: "up1", md5: "bWQ1" });
    expect(signedRequests.take(put.url)).toMatchObject({ rowId: "r1", kind: "put", uploadId: "up1" });

    job.progress(0, 400);
    expect(store.get("r1")?.bytesUploaded).toBe(400);
    api.completeUpload.mockResolvedValueOnce({ image: { id: "up1" } });
    expect(job.sent(0)).toBe(true);
    expect(store.get("r1")?.state).toBe("verifying");
    await job.complete(0);

    expect(api.completeUpload).toHaveBeenCalledWith("up1", { parts: undefined });
    expect(store.get("r1")).toMatchObject({ state: "done", imageId: "up1", bytesUploaded: 1000 });
    expect(deps.toasts.succeeded).toHaveBeenCalledWith("r1.jpg");
    expect(deps.forgetJournal).toHaveBeenCalledWith(["r1"]);
    expect(deps.onDisposed).toHaveBeenCalledWith(job);
    expect(job.isDisposed).toBe(true);
  });

  it("dispose releases everything: the running hash, the URLs signed ahead with their transfer slots, the server upload", async () => {
    const { deps, job, file, transfers, signedRequests, md5Pool } = setUp(3 * partBytes);
    await job.createMultipart(file(), undefined);
    expect(deps.record).toHaveBeenCalledWith(expect.objectContaining({ uploadId: "up1", multipart: { partSize: partBytes, partCount: 3 } }), { immediately: true });
    api.signUploadParts.mockImplementation(async (_id: string, partNumbers: number[]) =>
      partNumbers.map((partNumber) => ({ partNumber, url: `/s3/k?part=${partNumber}`, expiresAt: new Date(Date.now() + 3600_000).toISOString() })),
    );
    const first = await job.signPart(file(), { uploadId: "up1", key: "up1", partNumber: 1 });
    const second = await job.signPart(file(), { uploadId: "up1", key: "up1", partNumber: 2 });
    expect(transfers.activeCount).toBe(2); // each URL holds its transfer slot until sent
    void job.hash().catch(() => undefined); // a hash running when the job ends is cancelled too

    job.dispose({ abandon: true });

    expect(transfers.activeCount).toBe(0);
    expect(signedRequests.take(first.url)).toBeUndefined();
    expect(signedRequests.take(second.url)).toBeUndefined();
    expect(md5Pool.cancel).toHaveBeenCalledWith("r1");
    expect(deps.abandon).toHaveBeenCalledWith("up1");
    expect(deps.forgetJournal).toHaveBeenCalledWith(["r1"]);
    expect(deps.onDisposed).toHaveBeenCalledTimes(1);
    await expect(job.hash()).rejects.toMatchObject({ name: "AbortError" });
    job.dispose();
    expect(deps.onDisposed).toHaveBeenCalledTimes(1); // once only
  });

  it("starts over by itself once when its server upload is gone, then fails", async () => {
    const { store, deps, job, file, finishHash } = setUp();
    const parameters = job.putParameters(file(), undefined);
    finishHash("bWQ1");
    await parameters;

    job.transferFailed(new UploadOutcome("gone"));
    expect(store.get("r1")).toMatchObject({ state: "queued", attempt: 1, uploadId: undefined, bytesUploaded: 0 });
    expect(deps.enqueue).toHaveBeenCalledWith("r1");
    expect(deps.record).toHaveBeenCalledWith(expect.objectContaining({ attempt: 1 }));

    // The earlier attempt's answers no longer touch the row.
    await expect(job.putParameters(file(0), undefined)).rejects.toMatchObject({ name: "AbortError" });
    job.progress(0, 500);
    expect(store.get("r1")?.bytesUploaded).toBe(0);

    store.update("r1", { state: "uploading" });
    job.transferFailed(new UploadOutcome("gone"));
    expect(store.get("r1")).toMatchObject({ state: "failed", canRetry: true });
    expect(deps.enqueue).toHaveBeenCalledTimes(1);
    expect(deps.toasts.failed).toHaveBeenCalledTimes(1);
  });

  it("a multipart complete refused for a missing part sends the missing parts again (its ETags are gathered afresh)", async () => {
    const { store, deps, job, file } = setUp(2 * partBytes);
    await job.createMultipart(file(), undefined);
    store.update("r1", { state: "uploading" });
    await job.collectParts([
      { PartNumber: 2, ETag: '"b"' },
      { PartNumber: 1, ETag: '"a"' },
    ]);
    expect(job.sent(0)).toBe(true);
    const { ApiError } = await import("@/client/api-client");
    api.completeUpload.mockRejectedValueOnce(new ApiError("conflict", "A part is missing", 409));
    api.listUploadedParts.mockResolvedValueOnce([]);
    await job.complete(0);
    expect(api.completeUpload).toHaveBeenCalledWith("up1", {
      parts: [
        { partNumber: 1, etag: '"a"' },
        { partNumber: 2, etag: '"b"' },
      ],
    });
    expect(store.get("r1")).toMatchObject({ state: "queued", attempt: 1, uploadId: "up1" });
    expect(deps.enqueue).toHaveBeenCalledWith("r1");
  });
});
