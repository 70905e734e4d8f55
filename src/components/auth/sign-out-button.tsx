"use client";

import { useState } from "react";
import { LogOutIcon } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { signOut } from "@/client/account-api";
import { reloadInto } from "./reload-into";

/** Ends this session and loads the sign-in page afresh (nothing of the session stays in memory). */
export function SignOutButton() {
  const [isPending, setIsPending] = useState(false);

  async function handleClick() {
    setIsPending(true);
    try {
      await signOut();
      reloadInto("/sign-in");
    } catch (error) {
      toast.error(error instanceof Error ? error.message : "Could not sign out — try again.");
      setIsPending(false);
    }
  }

  return (
    <Button variant="ghost" size="sm" onClick={handleClick} disabled={isPending}>
      <LogOutIcon aria-hidden="true" />
      <span className="sr-only md:not-sr-only">Sign out</span>
    </Button>
  );
}
