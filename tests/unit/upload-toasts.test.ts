import { afterEach, describe, expect, it, vi } from "vitest";

const sonner = vi.hoisted(() => ({ toast: { success: vi.fn(), error: vi.fn() } }));
vi.mock("sonner", () => sonner);

const { createUploadToasts } = await import("../../src/components/uploader/upload-toasts");

afterEach(() => {
  vi.useRealTimers();
  vi.clearAllMocks();
});

describe("upload toasts", () => {
  it("counts successes in one toast, updated in place, until it closes", () => {
    vi.useFakeTimers();
    const toasts = createUploadToasts({ onViewGallery: () => undefined });
    toasts.succeeded("a.jpg");
    vi.advanceTimersByTime(500);
    toasts.succeeded("b.jpg");
    toasts.succeeded("c.jpg");
    vi.advanceTimersByTime(500);

    const calls = sonner.toast.success.mock.calls as unknown as [string, { id: string; onAutoClose: () => void }][];
    expect(calls.map(([title]) => title)).toEqual(["a.jpg uploaded", "3 images uploaded"]);
    expect(new Set(calls.map(([, options]) => options.id)).size).toBe(1);

    calls[1]![1].onAutoClose();
    toasts.succeeded("d.jpg");
    vi.advanceTimersByTime(500);
    expect(sonner.toast.success).toHaveBeenLastCalledWith("d.jpg uploaded", expect.objectContaining({ id: calls[0]![1].id }));
  });

  it("names each of a few failures, and sums up many", () => {
    vi.useFakeTimers();
    const toasts = createUploadToasts({ onViewGallery: () => undefined });
    toasts.failed("a.jpg", "too big");
    vi.advanceTimersByTime(500);
    expect(sonner.toast.error).toHaveBeenCalledWith("a.jpg: too big", expect.anything());
    for (const name of ["b", "c", "d", "e"]) toasts.failed(`${name}.jpg`, "no");
    vi.advanceTimersByTime(500);
    expect(sonner.toast.error).toHaveBeenLastCalledWith("4 files could not be uploaded", expect.anything());
  });
});
