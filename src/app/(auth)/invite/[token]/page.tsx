import type { Metadata } from "next";
import { AuthCard } from "@/components/auth/auth-card";
import { InviteForm } from "@/components/auth/invite-form";
import { SignOutButton } from "@/components/auth/sign-out-button";
import { MIN_PASSWORD_LENGTH } from "@/server/auth/create-auth";
import { getPageUser } from "@/server/auth/page-session";

export const metadata: Metadata = { title: "Accept invite" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const user = await getPageUser();

  if (user) {
    return (
      <AuthCard title="Accept invite" description={`You are signed in as ${user.email}. Sign out first to create a new account with this invite.`}>
        <SignOutButton />
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Accept invite" description="You have been invited to Pixbucket. Choose your name, email and password.">
      <InviteForm token={token} minPasswordLength={MIN_PASSWORD_LENGTH} />
    </AuthCard>
  );
}
