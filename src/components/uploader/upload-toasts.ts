import { toast } from "sonner";

/** More failures than this at once become one summary toast instead of a stack. */
const maxSeparateErrors = 3;
/** Outcomes arriving within this window are reported together. */
const gatherMs = 400;
/** The one success toast: updated in place while files keep finishing, not stacked. */
const successToastId = "uploads-succeeded";

export interface UploadToasts {
  succeeded(name: string): void;
  failed(name: string, message: string): void;
}

/**
 * Success and failure toasts for uploads, gathered briefly so a hundred files finishing do not
 * bury the page: "24 images uploaded", or each failure as "name: reason" when there are few.
 * Successes share one toast whose count grows until it closes: a new toast per batch made the
 * toaster measure and lay out every toast again, several CPU-seconds over 300 photos.
 */
export function createUploadToasts({ onViewGallery }: { onViewGallery: () => void }): UploadToasts {
  /** Files counted by the success toast on screen (and the first one's name); a fresh count once it has closed. */
  let shown = { count: 0, firstName: "" };
  const onClosed = () => {
    shown = { count: 0, firstName: "" };
  };
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
      shown = { count: shown.count + done.length, firstName: shown.firstName || (done[0] ?? "") };
      const title = shown.count === 1 ? `${shown.firstName} uploaded` : `${shown.count} images uploaded`;
      toast.success(title, { id: successToastId, action: { label: "View gallery", onClick: onViewGallery }, onAutoClose: onClosed, onDismiss: onClosed });
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
