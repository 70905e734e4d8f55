"use client";

import { useMemo, useState } from "react";
import Link from "next/link";
import { EyeIcon, ImageOffIcon, Loader2Icon, LockIcon, Share2Icon, TriangleAlertIcon } from "lucide-react";
import { toast } from "sonner";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
} from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import type { ShareDto, ShareState } from "@/client/share-api";
import { useRevokeShare, useShares } from "./share-queries";

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const formatDate = (iso: string) => dateFormat.format(new Date(iso));

const stateBadge: Record<ShareState, { label: string; variant: "success" | "secondary" | "destructive" }> = {
  active: { label: "Active", variant: "success" },
  expired: { label: "Expired", variant: "secondary" },
  revoked: { label: "Revoked", variant: "destructive" },
};

function lifetimeText(share: ShareDto): string {
  if (share.state === "revoked" && share.revokedAt) return `Revoked ${formatDate(share.revokedAt)}`;
  if (!share.expiresAt) return "Never expires";
  return `${share.state === "expired" ? "Expired" : "Expires"} ${formatDate(share.expiresAt)}`;
}

function ShareRow({ share, onRevoke }: { share: ShareDto; onRevoke: (share: ShareDto) => void }) {
  const badge = stateBadge[share.state];
  return (
    <li className="flex items-center gap-4 rounded-lg border bg-card p-3 shadow-xs" data-testid="share-row" data-share-id={share.id}>
      <div className="size-14 shrink-0 overflow-hidden rounded-md bg-muted">
        {share.thumbnailUrl ? (
          // Signed storage URL; next/image would need every storage origin configured.
          // eslint-disable-next-line @next/next/no-img-element
          <img src={share.thumbnailUrl} alt="" loading="lazy" className="size-full object-cover" />
        ) : (
          <span className="flex size-full items-center justify-center text-muted-foreground">
            <ImageOffIcon className="size-5" aria-hidden="true" />
          </span>
        )}
      </div>
      <div className="flex min-w-0 flex-1 flex-col gap-1">
        <div className="flex flex-wrap items-center gap-2">
          <span className="font-medium">{share.imageCount === 1 ? "1 image" : `${share.imageCount} images`}</span>
          <Badge variant={badge.variant}>{badge.label}</Badge>
          {share.hasPassword && (
            <Badge variant="outline">
              <LockIcon aria-hidden="true" />
              Password
            </Badge>
          )}
        </div>
        <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-muted-foreground tabular-nums">
          <span>Created {formatDate(share.createdAt)}</span>
          <span>{lifetimeText(share)}</span>
          <span className="inline-flex items-center gap-1">
            <EyeIcon className="size-3.5" aria-hidden="true" />
            {share.viewCount === 1 ? "1 view" : `${share.viewCount} views`}
          </span>
        </p>
      </div>
      {share.state === "active" && (
        <Button variant="outline" size="sm" onClick={() => onRevoke(share)}>
          Revoke
        </Button>
      )}
    </li>
  );
}

/** The caller's share links with their state, views and expiry; active ones can be revoked. */
export function SharesList() {
  const query = useShares();
  const { data, fetchNextPage, hasNextPage, isFetchingNextPage, refetch } = query;
  const shares = useMemo(() => data?.pages.flatMap((page) => page.shares) ?? [], [data]);
  const [revoking, setRevoking] = useState<ShareDto | null>(null);
  const revokeShare = useRevokeShare();

  if (query.isPending) {
    return (
      <div className="flex flex-col gap-3" aria-hidden="true">
        {Array.from({ length: 4 }, (_, index) => (
          <Skeleton key={index} className="h-20 w-full" />
        ))}
      </div>
    );
  }
  if (query.isError && shares.length === 0) {
    return (
      <div role="alert" className="flex flex-col items-center gap-4 rounded-xl border border-destructive/30 bg-destructive/5 px-6 py-12 text-center">
        <TriangleAlertIcon className="size-8 text-destructive" aria-hidden="true" />
        <p className="text-sm text-muted-foreground">Your share links could not be loaded: {query.error.message}</p>
        <Button variant="outline" onClick={() => void refetch()} disabled={query.isFetching}>
          Retry
        </Button>
      </div>
    );
  }
  if (shares.length === 0) {
    return (
      <div className="flex flex-col items-center gap-4 rounded-xl border border-dashed px-6 py-16 text-center">
        <div className="flex size-12 items-center justify-center rounded-full bg-muted">
          <Share2Icon className="size-6 text-muted-foreground" aria-hidden="true" />
        </div>
        <div className="flex flex-col gap-1">
          <h2 className="text-base font-semibold">No share links yet</h2>
          <p className="text-sm text-muted-foreground">Open an image in the gallery, or select several, and choose Share.</p>
        </div>
        <Button asChild>
          <Link href="/gallery">Go to the gallery</Link>
        </Button>
      </div>
    );
  }

  function confirmRevoke(): void {
    if (!revoking) return;
    revokeShare.mutate(revoking.id, {
      onSuccess: () => {
        setRevoking(null);
        toast.success("Link revoked; it now shows “not found”.");
      },
      onError: (error) => {
        setRevoking(null);
        toast.error(`The link was not revoked: ${error.message}`);
      },
    });
  }

  return (
    <div className="flex flex-col gap-3">
      <ul className="flex flex-col gap-3" aria-label="Share links">
        {shares.map((share) => (
          <ShareRow key={share.id} share={share} onRevoke={setRevoking} />
        ))}
      </ul>
      {hasNextPage && (
        <div className="flex justify-center py-2">
          <Button variant="outline" onClick={() => void fetchNextPage()} disabled={isFetchingNextPage}>
            {isFetchingNextPage && <Loader2Icon className="animate-spin" aria-hidden="true" />}
            {isFetchingNextPage ? "Loading…" : "Load more"}
          </Button>
        </div>
      )}
      <AlertDialog open={revoking !== null} onOpenChange={(open) => !open && !revokeShare.isPending && setRevoking(null)}>
        <AlertDialogContent>
          <AlertDialogHeader>
            <AlertDialogTitle>Revoke this link?</AlertDialogTitle>
            <AlertDialogDescription>
              Anyone who opens it will see “not found”. Image links already handed to a browser stop working within minutes. The images themselves stay in
              your gallery.
            </AlertDialogDescription>
          </AlertDialogHeader>
          <AlertDialogFooter>
            <AlertDialogCancel disabled={revokeShare.isPending}>Cancel</AlertDialogCancel>
            <AlertDialogAction
              variant="destructive"
              disabled={revokeShare.isPending}
              onClick={(event) => {
                event.preventDefault();
                confirmRevoke();
              }}
            >
              {revokeShare.isPending && <Loader2Icon className="animate-spin" aria-hidden="true" />}
              Revoke link
            </AlertDialogAction>
          </AlertDialogFooter>
        </AlertDialogContent>
      </AlertDialog>
    </div>
  );
}
