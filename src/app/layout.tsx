import type { Metadata } from "next";
import Link from "next/link";
import { ImagesIcon, Share2Icon, UploadIcon } from "lucide-react";
import { Providers } from "@/components/providers";
import { NavLink } from "@/components/ui/nav-link";
import { Toaster } from "@/components/ui/sonner";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Pixbucket", template: "%s · Pixbucket" },
  description: "Upload and manage images on your own S3-compatible storage.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
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
            <div className="mx-auto flex h-14 max-w-6xl items-center gap-6 px-4 sm:px-6">
              <Link href="/" className="flex items-center gap-2 rounded-md font-semibold tracking-tight outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50">
                <span className="flex size-7 items-center justify-center rounded-md bg-primary text-primary-foreground">
                  <ImagesIcon className="size-4" aria-hidden="true" />
                </span>
                Pixbucket
              </Link>
              <nav aria-label="Main" className="flex items-center gap-1">
                <NavLink href="/upload" also={["/"]}>
                  <UploadIcon className="size-4" aria-hidden="true" />
                  Upload
                </NavLink>
                <NavLink href="/gallery">
                  <ImagesIcon className="size-4" aria-hidden="true" />
                  Gallery
                </NavLink>
                <NavLink href="/shared">
                  <Share2Icon className="size-4" aria-hidden="true" />
                  Shared
                </NavLink>
              </nav>
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
