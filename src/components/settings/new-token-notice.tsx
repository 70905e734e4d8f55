"use client";

import { KeyRoundIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";

/** The one time a token's secret is shown: copy it now, the server keeps only a hash. */
export function NewTokenNotice({ name, token, onDismiss }: { name: string; token: string; onDismiss: () => void }) {
  return (
    <div role="status" className="flex flex-col gap-3 rounded-lg border border-success/40 bg-success/5 p-4" data-testid="new-token">
      <p className="flex items-center gap-2 text-sm font-medium">
        <KeyRoundIcon className="size-4 text-success" aria-hidden="true" />
        Token “{name}” created. Copy it now — it will not be shown again.
      </p>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
        <code className="min-w-0 flex-1 rounded-md border bg-background px-3 py-2 font-mono text-xs break-all select-all" data-testid="new-token-value">
          {token}
        </code>
        <div className="flex gap-2">
          <CopyButton value={token} />
          <Button type="button" variant="ghost" size="sm" onClick={onDismiss}>
            Done
          </Button>
        </div>
      </div>
      <p className="text-xs text-muted-foreground">
        Use it as <code className="font-mono">Authorization: Bearer &lt;token&gt;</code>, or with the CLI: <code className="font-mono">PIXBUCKET_TOKEN=… pixbucket upload ./photos</code>
      </p>
    </div>
  );
}
