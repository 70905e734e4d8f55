"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import { PencilIcon, Share2Icon, Trash2Icon } from "lucide-react";
import { toast } from "sonner";
import { Gallery } from "@/components/gallery/gallery";
import { ConfirmActionDialog } from "@/components/ui/confirm-action-dialog";
import { ShareDialog } from "@/components/shares/share-dialog";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { useAlbum, useDeleteAlbum, useUpdateAlbum } from "./album-queries";

function RenameForm({ albumId, name, onDone }: { albumId: string; name: string; onDone: () => void }) {
  const [value, setValue] = useState(name);
  const updateAlbum = useUpdateAlbum();
  return (
    <form
      className="flex max-w-md gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        updateAlbum.mutate({ albumId, name: value }, { onSuccess: onDone, onError: (error) => toast.error(`Not renamed: ${error.message}`) });
      }}
    >
      <Input aria-label="Album name" value={value} maxLength={200} autoFocus onChange={(event) => setValue(event.target.value)} />
      <Button type="submit" disabled={updateAlbum.isPending || value.trim() === ""}>
        Save
      </Button>
      <Button type="button" variant="ghost" onClick={onDone}>
        Cancel
      </Button>
    </form>
  );
}

/** One album: its name and actions (rename, share as one live link, delete), then its images in the gallery grid. */
export function AlbumView({ albumId }: { albumId: string }) {
  const album = useAlbum(albumId);
  const router = useRouter();
  const [isRenaming, setIsRenaming] = useState(false);
  const [isSharing, setIsSharing] = useState(false);
  const [isConfirmingDelete, setIsConfirmingDelete] = useState(false);
  const deleteAlbum = useDeleteAlbum();

  if (album.isPending) return <p className="text-sm text-muted-foreground">Loading the album…</p>;
  if (album.isError) return <p role="alert" className="text-sm text-destructive">{album.error.message}</p>;
  const { name, imageCount } = album.data;

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        {isRenaming ? (
          <RenameForm albumId={albumId} name={name} onDone={() => setIsRenaming(false)} />
        ) : (
          <div className="flex min-w-0 flex-col gap-1">
            <h1 className="truncate text-2xl font-semibold tracking-tight" title={name}>
              {name}
            </h1>
            <p className="text-sm text-muted-foreground tabular-nums">{imageCount === 1 ? "1 image" : `${imageCount} images`}</p>
          </div>
        )}
        <div className="flex flex-wrap items-center gap-2">
          <Button variant="outline" size="sm" onClick={() => setIsRenaming(true)}>
            <PencilIcon aria-hidden="true" />
            Rename
          </Button>
          <Button variant="outline" size="sm" onClick={() => setIsSharing(true)}>
            <Share2Icon aria-hidden="true" />
            Share album
          </Button>
          <Button variant="destructive" size="sm" onClick={() => setIsConfirmingDelete(true)}>
            <Trash2Icon aria-hidden="true" />
            Delete album
          </Button>
        </div>
      </div>
      <Gallery albumId={albumId} />
      <ShareDialog imageIds={[]} albumId={albumId} subject={name} open={isSharing} onOpenChange={setIsSharing} />
      <ConfirmActionDialog
        description="Its images stay in your gallery. Share links to the album stop working."
        open={isConfirmingDelete}
        onOpenChange={setIsConfirmingDelete}
        title={`Delete the album ${name}?`}
        confirmLabel="Delete album"
        isPending={deleteAlbum.isPending}
        onConfirm={() =>
          deleteAlbum.mutate(albumId, {
            onSuccess: () => {
              toast.success(`Album ${name} deleted; its images are still in your gallery`);
              router.push("/albums");
            },
            onError: (error) => toast.error(`The album was not deleted: ${error.message}`),
          })
        }
      />
    </div>
  );
}
