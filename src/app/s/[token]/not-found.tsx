import type { Metadata } from "next";
import { LinkIcon } from "lucide-react";

export const metadata: Metadata = { title: "Link not found", robots: { index: false, follow: false } };

/** Unknown, expired and revoked links look the same: nothing tells a visitor which one it was. */
export default function ShareNotFound() {
  return (
    <div className="mx-auto flex max-w-md flex-col items-center gap-4 rounded-xl border border-dashed px-6 py-16 text-center" data-testid="share-not-found">
      <span className="flex size-12 items-center justify-center rounded-full bg-muted">
        <LinkIcon className="size-6 text-muted-foreground" aria-hidden="true" />
      </span>
      <div className="flex flex-col gap-1">
        <h1 className="text-xl font-semibold tracking-tight">This link does not work</h1>
        <p className="text-sm text-muted-foreground">
          It may have expired or been turned off by the person who shared it, or part of it is missing. Ask them for a new link.
        </p>
      </div>
    </div>
  );
}
