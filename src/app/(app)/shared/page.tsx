import type { Metadata } from "next";
import { SharesList } from "@/components/shares/shares-list";

export const metadata: Metadata = { title: "Shared" };

export default function SharedPage() {
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">Shared</h1>
        <p className="text-sm text-muted-foreground">
          Your share links, newest first. A link is shown only once, when you create it: Pixbucket keeps just a fingerprint of it, so it cannot show it
          again. Revoke a link to stop it at once.
        </p>
      </div>
      <SharesList />
    </div>
  );
}
