import { toast } from "sonner";

/** More failures than this at once become one summary toast instead of a stack. */
const maxSeparateErrors = 3;
/** Outcomes arriving within this window are reported together. */
const gatherMs = 400;

export interface UploadToasts {
  succeeded(name: string): void;
  failed(name: string, message: string): void;
}

/**
 * Success and failure toasts for uploads, gathered briefly so a hundred files finishing do not
 * bury the page: "24 images uploaded", or each failure as "name: reason" when there are few.
 */
export function createUploadToasts({ onViewGallery }: { onViewGallery: () => void }): UploadToasts {
  let successes: string[] = [];
  let failures: Array<{ name: string; message: string }> = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  function flush(): void {
    timer = undefined;
    const done = successes;
    const failed = failures;
    successes = [];
    failures = [];

    if (done.length > 0) {
      const title = done.length === 1 ? `${done[0]} uploaded` : `${done.length} images uploaded`;
      toast.success(title, { action: { label: "View gallery", onClick: onViewGallery } });
    }
    if (failed.length > 0 && failed.length <= maxSeparateErrors) {
      for (const { name, message } of failed) toast.error(`${name}: ${message}`, { duration: 10_000 });
    } else if (failed.length > maxSeparateErrors) {
      const listed = failed.slice(0, maxSeparateErrors).map(({ name, message }) => `${name}: ${message}`);
      toast.error(`${failed.length} files could not be uploaded`, {
        description: `${listed.join("\n")}\n…and ${failed.length - maxSeparateErrors} more; each row in the list says why.`,
        duration: 15_000,
        classNames: { description: "whitespace-pre-line" },
      });
    }
  }

  function schedule(): void {
    timer ??= setTimeout(flush, gatherMs);
  }

  return {
    succeeded(name) {
      successes.push(name);
      schedule();
    },
    failed(name, message) {
      failures.push({ name, message });
      schedule();
    },
  };
}
