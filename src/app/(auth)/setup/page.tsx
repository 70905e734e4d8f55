import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SetupForm } from "@/components/auth/setup-form";
import { MIN_PASSWORD_LENGTH } from "@/server/auth/create-auth";
import { getPageUser } from "@/server/auth/page-session";
import { getRuntime } from "@/server/runtime";
import { hasAnyUser } from "@/server/users/create-first-admin";

export const metadata: Metadata = { title: "Create the admin account" };

/** First run only: once any account exists this page sends people on to sign in. */
export default async function SetupPage() {
  const user = await getPageUser();
  if (await hasAnyUser(await getRuntime())) redirect(user ? "/" : "/sign-in");

  return (
    <AuthCard
      title="Create the admin account"
      description="Pixbucket has no accounts yet. The admin can create other accounts and invite people; images uploaded so far become theirs."
    >
      <SetupForm minPasswordLength={MIN_PASSWORD_LENGTH} />
    </AuthCard>
  );
}
