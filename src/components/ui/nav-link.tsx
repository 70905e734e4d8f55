"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/lib/cn";

/** A header link that marks itself current (`aria-current="page"`) on its own route. */
export function NavLink({ href, also = [], children }: { href: string; also?: string[]; children: React.ReactNode }) {
  const pathname = usePathname();
  const isCurrent = [href, ...also].some((path) => pathname === path || pathname.startsWith(`${path}/`));
  return (
    <Link
      href={href}
      aria-current={isCurrent ? "page" : undefined}
      className={cn(
        "inline-flex h-9 items-center gap-2 rounded-md px-3 text-sm font-medium text-muted-foreground transition-colors outline-none hover:bg-accent hover:text-accent-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50",
        isCurrent && "bg-accent text-accent-foreground",
      )}
    >
      {children}
    </Link>
  );
}
