import type { Locator } from "@playwright/test";

export interface DroppedFile {
  name: string;
  type: string;
  bytes: Buffer;
}

/**
 * Drops files on an element the way a person dragging them from a file manager would: a
 * DataTransfer holding real File objects, built inside the page, carried by dragenter, dragover
 * and drop events dispatched on the target (they bubble to the window, where the uploader listens).
 */
export async function dropFiles(target: Locator, files: readonly DroppedFile[]): Promise<void> {
  const payload = files.map(({ name, type, bytes }) => ({ name, type, base64: bytes.toString("base64") }));
  const dataTransfer = await target.page().evaluateHandle((entries) => {
    const transfer = new DataTransfer();
    for (const { name, type, base64 } of entries) {
      const binary = atob(base64);
      const bytes = new Uint8Array(binary.length);
      for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
      transfer.items.add(new File([bytes], name, { type, lastModified: Date.now() }));
    }
    return transfer;
  }, payload);
  try {
    for (const type of ["dragenter", "dragover", "drop"] as const) {
      await target.dispatchEvent(type, { dataTransfer });
    }
  } finally {
    await dataTransfer.dispose();
  }
}
