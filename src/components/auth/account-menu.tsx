import { SettingsIcon, UserRoundIcon } from "lucide-react";
import { NavLink } from "@/components/ui/nav-link";
import { SignOutButton } from "./sign-out-button";

/** The header's right side for a signed-in person: who they are, Settings, Sign out. */
export function AccountMenu({ user }: { user: { name: string; email: string; role: "admin" | "user" } }) {
  return (
    <div className="ml-auto flex shrink-0 items-center gap-1" data-testid="account-menu">
      <span className="hidden items-center gap-2 px-2 text-sm text-muted-foreground lg:inline-flex" title={user.email}>
        <UserRoundIcon className="size-4" aria-hidden="true" />
        <span className="max-w-48 truncate" data-testid="signed-in-user">
          {user.name}
        </span>
        {user.role === "admin" && <span className="rounded border px-1 text-xs">admin</span>}
      </span>
      <NavLink href="/settings">
        <SettingsIcon className="size-4" aria-hidden="true" />
        <span className="sr-only md:not-sr-only">Settings</span>
      </NavLink>
      <SignOutButton />
    </div>
  );
}
