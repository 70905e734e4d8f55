import type { Metadata } from "next";
import { cookies } from "next/headers";
import { notFound } from "next/navigation";
import { cache } from "react";
import { SharePasswordForm } from "@/components/shares/share-password-form";
import { SharedImages } from "@/components/shares/shared-images";
import { createPublicContext } from "@/server/context";
import { AppError } from "@/server/errors";
import { getRuntime } from "@/server/runtime";
import { openShare } from "@/server/shares/open-share";
import type { OpenedShareDto } from "@/server/shares/share-dto";
import { UNLOCK_COOKIE_NAME } from "@/server/shares/unlock-cookie";

type PageProps = { params: Promise<{ token: string }> };
type LoadedShare = { kind: "open"; share: OpenedShareDto; publicUrl?: string } | { kind: "locked" } | { kind: "missing" };

/**
 * One open per request, shared by the metadata and the page (React `cache`), so one visit is one
 * view. The page takes no password itself: the form posts to the unlock API, which sets a cookie.
 */
const loadShare = cache(async (token: string): Promise<LoadedShare> => {
  if (token.length > 200) return { kind: "missing" };
  const runtime = await getRuntime();
  const unlockCookie = (await cookies()).get(UNLOCK_COOKIE_NAME)?.value;
  try {
    const share = await openShare(createPublicContext(runtime), { token, unlockCookie, address: "share-page" });
    return { kind: "open", share, publicUrl: runtime.config.publicUrl };
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") return { kind: "missing" };
    if (error instanceof AppError && error.code === "unauthorized") return { kind: "locked" };
    throw error;
  }
});

export async function generateMetadata({ params }: PageProps): Promise<Metadata> {
  const loaded = await loadShare((await params).token);
  // The token is in this page's URL: image requests to storage must not carry it as a Referer.
  const base: Metadata = { referrer: "no-referrer", robots: { index: false, follow: false } };
  if (loaded.kind === "missing") return { ...base, title: "Link not found" };
  if (loaded.kind === "locked") {
    const description = "Protected by a password.";
    return { ...base, title: "Shared images", description, openGraph: { title: "Shared images", description } };
  }
  const images = loaded.share.images;
  const first = images[0]!;
  const title = images.length === 1 ? first.name : `${images.length} shared images`;
  const description = images.length === 1 ? "An image shared with Pixbucket." : `${images.length} images shared with Pixbucket.`;
  return {
    ...base,
    title,
    description,
    metadataBase: loaded.publicUrl ? new URL(loaded.publicUrl) : undefined,
    openGraph: { title, description, type: "website", images: [{ url: first.url, width: first.width, height: first.height, alt: first.name, type: first.type }] },
    twitter: { card: "summary_large_image", title, description, images: [first.url] },
  };
}

export default async function SharePage({ params }: PageProps) {
  const { token } = await params;
  const loaded = await loadShare(token);
  if (loaded.kind === "missing") notFound();
  if (loaded.kind === "locked") return <SharePasswordForm token={token} />;
  return <SharedImages images={loaded.share.images} expiresAt={loaded.share.expiresAt} now={new Date()} />;
}
