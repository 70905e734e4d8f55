import type { Metadata } from "next";
import { Suspense } from "react";
import { Gallery } from "@/components/gallery/gallery";
import { GallerySkeleton } from "@/components/gallery/gallery-states";

export const metadata: Metadata = { title: "Gallery" };

export default function GalleryPage() {
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">Gallery</h1>
        <p className="text-sm text-muted-foreground">Your images: search, sort and filter them; select several to share or delete them together.</p>
      </div>
      {/* The gallery reads its search and filters from the URL. */}
      <Suspense fallback={<GallerySkeleton />}>
        <Gallery />
      </Suspense>
    </div>
  );
}
