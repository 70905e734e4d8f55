import type { Metadata } from "next";
import { AlbumsList } from "@/components/albums/albums-list";

export const metadata: Metadata = { title: "Albums" };

export default function AlbumsPage() {
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">Albums</h1>
        <p className="text-sm text-muted-foreground">Groups of your images. An image can be in several albums; deleting an album keeps its images.</p>
      </div>
      <AlbumsList />
    </div>
  );
}
