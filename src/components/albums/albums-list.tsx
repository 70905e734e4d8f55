"use client";

import { useState } from "react";
import Link from "next/link";
import { FolderPlusIcon, ImagesIcon, Loader2Icon } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { useAlbums, useCreateAlbum } from "./album-queries";

function NewAlbumForm() {
  const [name, setName] = useState("");
  const createAlbum = useCreateAlbum();
  return (
    <form
      className="flex max-w-md gap-2"
      onSubmit={(event) => {
        event.preventDefault();
        createAlbum.mutate(name, {
          onSuccess: (album) => {
            setName("");
            toast.success(`Album ${album.name} created`);
          },
          onError: (error) => toast.error(`The album was not created: ${error.message}`),
        });
      }}
    >
      <Input aria-label="New album name" placeholder="New album name" value={name} maxLength={200} onChange={(event) => setName(event.target.value)} />
      <Button type="submit" disabled={createAlbum.isPending || name.trim() === ""}>
        {createAlbum.isPending ? <Loader2Icon className="animate-spin" aria-hidden="true" /> : <FolderPlusIcon aria-hidden="true" />}
        Create
      </Button>
    </form>
  );
}

/** Every album as a card with its cover, name and size; new ones are made here by name. */
export function AlbumsList() {
  const albums = useAlbums();
  const all = albums.data?.pages.flatMap((page) => page.albums) ?? [];
  return (
    <div className="flex flex-col gap-6">
      <NewAlbumForm />
      {albums.isPending ? (
        <p className="text-sm text-muted-foreground">Loading albums…</p>
      ) : albums.isError ? (
        <p role="alert" className="text-sm text-destructive">
          The albums could not be loaded: {albums.error.message}
        </p>
      ) : all.length === 0 ? (
        <p className="rounded-xl border border-dashed px-6 py-12 text-center text-sm text-muted-foreground">No albums yet. Name one above, or select images in the gallery and choose “Add to album”.</p>
      ) : (
        <ul className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-4" aria-label="Albums">
          {all.map((album) => (
            <li key={album.id} data-testid="album-card">
              <Link href={`/albums/${encodeURIComponent(album.id)}`} className="group flex flex-col gap-2 rounded-xl border bg-card p-2 hover:border-foreground/30">
                <div className="flex aspect-[4/3] items-center justify-center overflow-hidden rounded-lg bg-muted">
                  {album.coverThumbnailUrl ? (
                    // Signed storage URL; next/image would need every storage origin configured.
                    // eslint-disable-next-line @next/next/no-img-element
                    <img src={album.coverThumbnailUrl} alt="" className="size-full object-cover" loading="lazy" />
                  ) : (
                    <ImagesIcon className="size-8 text-muted-foreground" aria-hidden="true" />
                  )}
                </div>
                <div className="min-w-0 px-1">
                  <p className="truncate text-sm font-medium" title={album.name}>
                    {album.name}
                  </p>
                  <p className="text-xs text-muted-foreground tabular-nums">{album.imageCount === 1 ? "1 image" : `${album.imageCount} images`}</p>
                </div>
              </Link>
            </li>
          ))}
        </ul>
      )}
      {albums.hasNextPage && (
        <Button variant="outline" className="self-center" onClick={() => void albums.fetchNextPage()} disabled={albums.isFetchingNextPage}>
          {albums.isFetchingNextPage ? "Loading…" : "More albums"}
        </Button>
      )}
    </div>
  );
}
