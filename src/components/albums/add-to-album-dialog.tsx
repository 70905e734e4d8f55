"use client";

import { useId, useState } from "react";
import { FolderPlusIcon, Loader2Icon } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { useAddAlbumImages, useAlbums, useCreateAlbum } from "./album-queries";

const NEW_ALBUM = "__new__";

function AddToAlbumForm({ imageIds, onDone }: { imageIds: readonly string[]; onDone: () => void }) {
  const albumFieldId = useId();
  const nameFieldId = useId();
  const albums = useAlbums();
  const choices = albums.data?.pages.flatMap((page) => page.albums) ?? [];
  const [picked, setPicked] = useState<string>("");
  const [newName, setNewName] = useState("");
  const createAlbum = useCreateAlbum();
  const addImages = useAddAlbumImages();
  const target = picked || (choices[0]?.id ?? NEW_ALBUM);
  const isBusy = createAlbum.isPending || addImages.isPending;

  async function submit(): Promise<void> {
    try {
      const album = target === NEW_ALBUM ? await createAlbum.mutateAsync(newName) : choices.find((choice) => choice.id === target)!;
      const added = await addImages.mutateAsync({ albumId: album.id, imageIds });
      toast.success(added === imageIds.length ? `Added to ${album.name}` : `${added} of ${imageIds.length} added to ${album.name} (the rest were in it already)`);
      onDone();
    } catch (error) {
      toast.error(`Not added to the album: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  return (
    <form
      className="flex flex-col gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <div className="flex flex-col gap-2">
        <Label htmlFor={albumFieldId}>Album</Label>
        <NativeSelect id={albumFieldId} value={target} onChange={(event) => setPicked(event.target.value)} disabled={albums.isPending}>
          {choices.map((album) => (
            <option key={album.id} value={album.id}>
              {album.name} ({album.imageCount})
            </option>
          ))}
          <option value={NEW_ALBUM}>New album…</option>
        </NativeSelect>
      </div>
      {target === NEW_ALBUM && (
        <div className="flex flex-col gap-2">
          <Label htmlFor={nameFieldId}>Name of the new album</Label>
          <Input id={nameFieldId} value={newName} maxLength={200} required onChange={(event) => setNewName(event.target.value)} />
        </div>
      )}
      <DialogFooter>
        <Button type="button" variant="ghost" onClick={onDone} disabled={isBusy}>
          Cancel
        </Button>
        <Button type="submit" disabled={isBusy || (target === NEW_ALBUM && newName.trim() === "")}>
          {isBusy ? <Loader2Icon className="animate-spin" aria-hidden="true" /> : <FolderPlusIcon aria-hidden="true" />}
          Add
        </Button>
      </DialogFooter>
    </form>
  );
}

/** Puts one image or a selection into an album, or into a new one named here. */
export function AddToAlbumDialog({ imageIds, open, onOpenChange }: { imageIds: readonly string[]; open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      {/* Keys typed here must not reach a surrounding lightbox (arrow keys switch its image). */}
      <DialogContent onKeyDown={(event) => event.stopPropagation()}>
        <DialogHeader>
          <DialogTitle>Add {imageIds.length === 1 ? "1 image" : `${imageIds.length} images`} to an album</DialogTitle>
          <DialogDescription>The images stay where they are in your library; an album only groups them.</DialogDescription>
        </DialogHeader>
        {open && <AddToAlbumForm imageIds={imageIds} onDone={() => onOpenChange(false)} />}
      </DialogContent>
    </Dialog>
  );
}
