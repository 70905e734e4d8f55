"use client";

import { useId, useState } from "react";
import { useRouter } from "next/navigation";
import { Loader2Icon, LockIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { ApiError } from "@/client/api-client";
import { unlockShare } from "@/client/share-api";

/** Asks for a share's password; the server answers with a cookie, and the page renders again. */
export function SharePasswordForm({ token }: { token: string }) {
  const router = useRouter();
  const inputId = useId();
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [isPending, setIsPending] = useState(false);

  async function submit(): Promise<void> {
    setIsPending(true);
    setError(null);
    try {
      await unlockShare(token, password);
      router.refresh();
    } catch (caught) {
      const isWrong = caught instanceof ApiError && caught.code === "unauthorized";
      setError(isWrong ? "That password is not right." : caught instanceof Error ? caught.message : String(caught));
      setIsPending(false);
    }
  }

  return (
    <div className="mx-auto flex w-full max-w-sm flex-col gap-6 rounded-xl border bg-card p-6 shadow-sm">
      <div className="flex flex-col items-center gap-3 text-center">
        <span className="flex size-12 items-center justify-center rounded-full bg-muted">
          <LockIcon className="size-6 text-muted-foreground" aria-hidden="true" />
        </span>
        <h1 className="text-xl font-semibold tracking-tight">This share is protected</h1>
        <p className="text-sm text-muted-foreground">Enter the password you were given with the link.</p>
      </div>
      <form
        className="flex flex-col gap-3"
        onSubmit={(event) => {
          event.preventDefault();
          if (password && !isPending) void submit();
        }}
      >
        <Label htmlFor={inputId}>Password</Label>
        <Input
          id={inputId}
          type="password"
          autoComplete="current-password"
          autoFocus
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          aria-invalid={error !== null || undefined}
          aria-describedby={error ? `${inputId}-error` : undefined}
        />
        {error && (
          <p id={`${inputId}-error`} role="alert" className="text-sm text-destructive">
            {error}
          </p>
        )}
        <Button type="submit" disabled={!password || isPending}>
          {isPending && <Loader2Icon className="animate-spin" aria-hidden="true" />}
          View images
        </Button>
      </form>
    </div>
  );
}
