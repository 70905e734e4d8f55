"use client";

import { useEffect, useState } from "react";
import { CheckIcon, CopyIcon } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";

/** Copies `value` to the clipboard and says so for two seconds. */
export function CopyButton({ value, label = "Copy", className }: { value: string; label?: string; className?: string }) {
  const [isCopied, setIsCopied] = useState(false);

  useEffect(() => {
    if (!isCopied) return;
    const timer = setTimeout(() => setIsCopied(false), 2000);
    return () => clearTimeout(timer);
  }, [isCopied]);

  async function handleClick() {
    try {
      await navigator.clipboard.writeText(value);
      setIsCopied(true);
    } catch {
      // No clipboard access (plain http on another host, or denied): the value is on screen to select.
      toast.error("Could not copy — select the text and copy it yourself.");
    }
  }

  return (
    <Button type="button" variant="outline" size="sm" className={className} onClick={handleClick}>
      {isCopied ? <CheckIcon aria-hidden="true" /> : <CopyIcon aria-hidden="true" />}
      <span aria-live="polite">{isCopied ? "Copied" : label}</span>
    </Button>
  );
}
