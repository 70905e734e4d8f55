import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignInForm } from "@/components/auth/sign-in-form";
import { safeNextPath } from "@/lib/safe-next-path";
import { getPageUser } from "@/server/auth/page-session";
import { getRuntime } from "@/server/runtime";
import { hasAnyUser } from "@/server/users/create-first-admin";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string | string[] }> }) {
  const { next } = await searchParams;
  const nextPath = safeNextPath(typeof next === "string" ? next : null);
  if (await getPageUser()) redirect(nextPath);
  const runtime = await getRuntime();
  // First run: there is nobody to sign in as yet.
  if (!(await hasAnyUser(runtime))) redirect("/setup");

  return (
    <AuthCard title="Sign in" description="Sign in to upload and manage your images.">
      <SignInForm nextPath={nextPath} canSignUp={runtime.config.auth.allowSignup} />
    </AuthCard>
  );
}
