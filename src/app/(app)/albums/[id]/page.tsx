import type { Metadata } from "next";
import { Suspense } from "react";
import { AlbumView } from "@/components/albums/album-view";
import { GallerySkeleton } from "@/components/gallery/gallery-states";

export const metadata: Metadata = { title: "Album" };

export default async function AlbumPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    // The album's grid reads its search and filters from the URL, like the gallery.
    <Suspense fallback={<GallerySkeleton />}>
      <AlbumView albumId={id} />
    </Suspense>
  );
}
