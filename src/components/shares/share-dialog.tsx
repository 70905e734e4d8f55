"use client";

import { useId, useState } from "react";
import Link from "next/link";
import { Link2Icon, Loader2Icon } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { shareExpiryLabels, type ShareExpiry } from "@/client/share-api";
import { type CreatedShare } from "@/contract/shares";
import { useCreateShare } from "./share-queries";
import { SHARE_PASSWORD_MIN_LENGTH } from "@/lib/share-password-rules";

function CreatedLink({ created, onDone }: { created: CreatedShare; onDone: () => void }) {
  const inputId = useId();
  const link = new URL(created.url, window.location.origin).toString();

  return (
    <>
      <div className="flex flex-col gap-2">
        <Label htmlFor={inputId}>Share link</Label>
        <div className="flex gap-2">
          <Input id={inputId} readOnly value={link} onFocus={(event) => event.currentTarget.select()} data-testid="share-link" className="font-mono text-xs" />
          <CopyButton value={link} className="h-9" />
        </div>
        <p className="text-sm text-muted-foreground">
          Copy it now: Pixbucket keeps only a fingerprint of the link, so it cannot show it again. You can see views and revoke it on the{" "}
          <Link href="/shared" className="underline underline-offset-2" onClick={onDone}>
            Shared
          </Link>{" "}
          page.
        </p>
      </div>
      <DialogFooter>
        <Button type="button" onClick={onDone}>
          Done
        </Button>
      </DialogFooter>
    </>
  );
}

function ShareForm({ imageIds, albumId, onDone }: { imageIds: readonly string[]; albumId?: string; onDone: () => void }) {
  const expiryId = useId();
  const passwordId = useId();
  const [expiresIn, setExpiresIn] = useState<ShareExpiry>("7d");
  const [password, setPassword] = useState("");
  const createShare = useCreateShare();
  const isPasswordTooShort = password.length > 0 && password.length < SHARE_PASSWORD_MIN_LENGTH;

  if (createShare.data) return <CreatedLink created={createShare.data} onDone={onDone} />;

  return (
    <form
      className="flex flex-col gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        if (isPasswordTooShort) return;
        createShare.mutate(
          { ...(albumId ? { albumId } : { imageIds: [...imageIds] }), expiresIn, ...(password ? { password } : {}) },
          { onError: (error) => toast.error(`The link was not created: ${error.message}`) },
        );
      }}
    >
      <div className="flex flex-col gap-2">
        <Label htmlFor={expiryId}>Link expires after</Label>
        <NativeSelect id={expiryId} value={expiresIn} onChange={(event) => setExpiresIn(event.target.value as ShareExpiry)}>
          {(Object.keys(shareExpiryLabels) as ShareExpiry[]).map((value) => (
            <option key={value} value={value}>
              {shareExpiryLabels[value]}
            </option>
          ))}
        </NativeSelect>
      </div>
      <div className="flex flex-col gap-2">
        <Label htmlFor={passwordId}>Password (optional)</Label>
        <Input
          id={passwordId}
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          aria-invalid={isPasswordTooShort || undefined}
          aria-describedby={`${passwordId}-hint`}
        />
        <p id={`${passwordId}-hint`} className={isPasswordTooShort ? "text-sm text-destructive" : "text-sm text-muted-foreground"}>
          At least {SHARE_PASSWORD_MIN_LENGTH} characters. Visitors enter it once; wrong guesses are slowed down.
        </p>
      </div>
      <DialogFooter>
        <Button type="button" variant="ghost" onClick={onDone} disabled={createShare.isPending}>
          Cancel
        </Button>
        <Button type="submit" disabled={createShare.isPending || isPasswordTooShort}>
          {createShare.isPending ? <Loader2Icon className="animate-spin" aria-hidden="true" /> : <Link2Icon aria-hidden="true" />}
          Create link
        </Button>
      </DialogFooter>
    </form>
  );
}

/**
 * Makes a share link for one image or a selection: expiry, optional password, then the link with
 * a copy button. The form lives inside the dialog's content, so closing the dialog resets it.
 */
export function ShareDialog({
  imageIds,
  albumId,
  subject,
  open,
  onOpenChange,
}: {
  imageIds: readonly string[];
  /** Share the album itself instead: the link shows what it holds whenever it is opened. */
  albumId?: string;
  /** What is shared, for the title: a file name or "3 images". */
  subject: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      {/* Keys typed here must not reach a surrounding lightbox (arrow keys switch its image). */}
      <DialogContent onKeyDown={(event) => event.stopPropagation()}>
        <DialogHeader>
          <DialogTitle className="truncate">Share {subject}</DialogTitle>
          <DialogDescription>
            {albumId
              ? "Anyone with the link can view and download the album's images without signing in — also those you add later; removed ones disappear from it."
              : `Anyone with the link can view and download ${imageIds.length === 1 ? "it" : "them"} without signing in.`}{" "}
            Shared copies carry no camera data and no location.
          </DialogDescription>
        </DialogHeader>
        <ShareForm imageIds={imageIds} albumId={albumId} onDone={() => onOpenChange(false)} />
      </DialogContent>
    </Dialog>
  );
}
