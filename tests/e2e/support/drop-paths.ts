import type { Locator } from "@playwright/test";

/**
 * Drops files from disk on an element, as a drag from a file manager would: the files reach the
 * page through a throwaway file input (Playwright hands a local browser the paths, so hundreds of
 * megabytes never travel through the protocol), then ride a DataTransfer on dragenter, dragover
 * and drop, which bubble to the window where the uploader listens.
 */
export async function dropFilePaths(target: Locator, paths: readonly string[]): Promise<void> {
  const page = target.page();
  const input = await page.evaluateHandle(() => {
    const element = document.createElement("input");
    element.type = "file";
    element.multiple = true;
    element.hidden = true;
    document.body.append(element);
    return element;
  });
  const dataTransfer = await (async () => {
    try {
      await input.setInputFiles([...paths]);
      return await input.evaluateHandle((element) => {
        const transfer = new DataTransfer();
        for (const file of element.files ?? []) transfer.items.add(file);
        return transfer;
      });
    } finally {
      await input.evaluate((element) => element.remove());
      await input.dispose();
    }
  })();
  try {
    for (const type of ["dragenter", "dragover", "drop"] as const) await target.dispatchEvent(type, { dataTransfer });
  } finally {
    await dataTransfer.dispose();
  }
}
