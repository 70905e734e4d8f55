"use client";

import { useEffect, useId, useState } from "react";
import Link from "next/link";
import { LogInIcon } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { ApiError } from "@/client/api-client";
import { RateLimitedError, signIn } from "@/client/account-api";
import { FormAlert } from "./form-alert";
import { reloadInto } from "./reload-into";

/** Turns the sign-in endpoint's answers into sentences a person can act on. */
function describeSignInError(error: unknown): string {
  if (!(error instanceof ApiError)) return "Could not sign in — try again.";
  if (error.status === 401 || error.code === "INVALID_EMAIL_OR_PASSWORD") return "Wrong email or password.";
  if (error.code === "BANNED_USER") return "This account has been disabled. Ask your Pixbucket admin.";
  return error.message;
}

function useSecondsUntil(deadlineMs: number | null): number {
  const [nowMs, setNowMs] = useState(() => Date.now());
  useEffect(() => {
    if (deadlineMs === null) return;
    const timer = setInterval(() => setNowMs(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [deadlineMs]);
  return deadlineMs === null ? 0 : Math.max(0, Math.ceil((deadlineMs - nowMs) / 1000));
}

export function SignInForm({ nextPath, canSignUp }: { nextPath: string; canSignUp: boolean }) {
  const emailId = useId();
  const passwordId = useId();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [isPending, setIsPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [retryAtMs, setRetryAtMs] = useState<number | null>(null);
  const secondsLeft = useSecondsUntil(retryAtMs);
  const isLimited = secondsLeft > 0;

  async function handleSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setIsPending(true);
    setError(null);
    setRetryAtMs(null);
    try {
      await signIn({ email: email.trim(), password });
      reloadInto(nextPath);
    } catch (caught) {
      if (caught instanceof RateLimitedError) setRetryAtMs(Date.now() + caught.retryAfterSeconds * 1000);
      else setError(describeSignInError(caught));
      setIsPending(false);
    }
  }

  return (
    <form className="flex flex-col gap-4" onSubmit={handleSubmit}>
      <div className="flex flex-col gap-2">
        <Label htmlFor={emailId}>Email</Label>
        <Input id={emailId} type="email" autoComplete="username" required autoFocus value={email} onChange={(event) => setEmail(event.target.value)} />
      </div>
      <div className="flex flex-col gap-2">
        <Label htmlFor={passwordId}>Password</Label>
        <Input id={passwordId} type="password" autoComplete="current-password" required value={password} onChange={(event) => setPassword(event.target.value)} />
      </div>
      {isLimited && (
        <FormAlert>
          Too many attempts — try again in <span data-testid="retry-seconds">{secondsLeft}</span> s.
        </FormAlert>
      )}
      {error && <FormAlert>{error}</FormAlert>}
      <Button type="submit" disabled={isPending || isLimited}>
        <LogInIcon aria-hidden="true" />
        {isPending ? "Signing in…" : "Sign in"}
      </Button>
      {canSignUp && (
        <p className="text-center text-sm text-muted-foreground">
          No account yet?{" "}
          <Link href="/sign-up" className="font-medium text-foreground underline-offset-4 hover:underline">
            Create one
          </Link>
        </p>
      )}
    </form>
  );
}
