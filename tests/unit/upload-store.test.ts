import { describe, expect, it } from "vitest";
import { UploadStore, type UploadRow } from "../../src/components/uploader/upload-store";

function row(id: string, state: UploadRow["state"], size: number, bytesUploaded = 0): UploadRow {
  return {
    id,
    file: new Blob([]) as File,
    name: `${id}.jpg`,
    type: "image/jpeg",
    size,
    fingerprint: id,
    state,
    bytesUploaded,
    bytesPerSecond: 0,
    canRetry: false,
    retryFrom: "start",
    attempt: 0,
    isPreviewable: false,
  };
}

describe("UploadStore", () => {
  it("estimates the time left from the overall rate and the bytes not yet sent", () => {
    const store = new UploadStore();
    store.add([row("a", "uploading", 10_000_000, 4_000_000), row("b", "queued", 10_000_000), row("c", "done", 5_000_000)]);
    store.setStatus({ bytesPerSecond: 2_000_000 });
    store.flush();
    const snapshot = store.getSnapshot();
    expect(snapshot.bytesPerSecond).toBe(2_000_000);
    expect(snapshot.secondsLeft).toBe(8); // 16 MB left at 2 MB/s
    expect(snapshot.inFlightCount).toBe(2);
  });

  it("shows no rate or estimate while paused or offline, and says which", () => {
    const store = new UploadStore();
    store.add([row("a", "uploading", 10_000_000, 4_000_000)]);
    store.setStatus({ bytesPerSecond: 2_000_000, isPaused: true });
    store.flush();
    expect(store.getSnapshot()).toMatchObject({ isPaused: true, isOffline: false, bytesPerSecond: 0, secondsLeft: undefined });

    store.setStatus({ isPaused: false, isOffline: true });
    store.flush();
    expect(store.getSnapshot()).toMatchObject({ isPaused: false, isOffline: true, bytesPerSecond: 0, secondsLeft: undefined });
  });

  it("has no estimate without a rate or once everything has settled", () => {
    const store = new UploadStore();
    store.add([row("a", "uploading", 1000, 10)]);
    store.flush();
    expect(store.getSnapshot().secondsLeft).toBeUndefined();
    store.update("a", { state: "done", bytesUploaded: 1000 });
    store.setStatus({ bytesPerSecond: 500 });
    store.flush();
    expect(store.getSnapshot()).toMatchObject({ secondsLeft: undefined, bytesPerSecond: 0 });
  });

  it("never reports the overall bytes going backwards while a part is sent again", () => {
    const store = new UploadStore();
    store.add([row("a", "uploading", 100, 60)]);
    store.flush();
    store.update("a", { bytesUploaded: 20 });
    store.flush();
    expect(store.getSnapshot().progress.bytesDone).toBe(60);
  });
});
