import type { Metadata } from "next";
import Link from "next/link";
import { FolderIcon, ImagesIcon, Share2Icon, UploadIcon } from "lucide-react";
import { unstable_rethrow } from "next/navigation";
import { headers } from "next/headers";
import { AccountMenu } from "@/components/auth/account-menu";
import { Providers } from "@/components/providers";
import { NavLink } from "@/components/ui/nav-link";
import { Toaster } from "@/components/ui/sonner";
import { getPageUser } from "@/server/auth/page-session";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Pixbucket", template: "%s · Pixbucket" },
  description: "Upload and manage images on your own S3-compatible storage.",
};

/** The header's signed-in person; signed out (or the database unreachable) shows the bare header. */
async function findHeaderUser() {
  await headers(); // outside the try: during the build it marks every page as rendered per request
  try {
    return await getPageUser();
  } catch (error) {
    unstable_rethrow(error);
    return null;
  }
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const user = await findHeaderUser();
  return (
    <html lang="en">
      <body className="min-h-dvh font-sans">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:fixed focus:top-3 focus:left-3 focus:z-50 focus:rounded-md focus:bg-background focus:px-3 focus:py-2 focus:shadow"
        >
          Skip to content
        </a>
        <Providers>
          <header className="sticky top-0 z-30 border-b bg-background/85 backdrop-blur supports-[backdrop-filter]:bg-background/70">
            <div className="mx-auto flex h-14 max-w-6xl items-center gap-3 px-4 sm:gap-6 sm:px-6">
              <Link href="/" className="flex items-center gap-2 rounded-md font-semibold tracking-tight outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50">
                <span className="flex size-7 items-center justify-center rounded-md bg-primary text-primary-foreground">
                  <ImagesIcon className="size-4" aria-hidden="true" />
                </span>
                <span className="sr-only sm:not-sr-only">Pixbucket</span>
              </Link>
              {/* Below 640 px the links are icons with their names for screen readers, so the header fits a 390 px phone. */}
              {user && (
                <nav aria-label="Main" className="flex min-w-0 items-center gap-1 overflow-x-auto">
                  <NavLink href="/upload" also={["/"]}>
                    <UploadIcon className="size-4" aria-hidden="true" />
                    <span className="sr-only sm:not-sr-only">Upload</span>
                  </NavLink>
                  <NavLink href="/gallery">
                    <ImagesIcon className="size-4" aria-hidden="true" />
                    <span className="sr-only sm:not-sr-only">Gallery</span>
                  </NavLink>
                  <NavLink href="/albums">
                    <FolderIcon className="size-4" aria-hidden="true" />
                    <span className="sr-only sm:not-sr-only">Albums</span>
                  </NavLink>
                  <NavLink href="/shared">
                    <Share2Icon className="size-4" aria-hidden="true" />
                    <span className="sr-only sm:not-sr-only">Shared</span>
                  </NavLink>
                </nav>
              )}
              {user && <AccountMenu user={user} />}
            </div>
          </header>
          <main id="main" className="mx-auto w-full max-w-6xl px-4 py-8 sm:px-6">
            {children}
          </main>
          <Toaster position="bottom-right" />
        </Providers>
      </body>
    </html>
  );
}
