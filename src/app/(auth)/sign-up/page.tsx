import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { MIN_PASSWORD_LENGTH } from "@/server/auth/create-auth";
import { getPageUser } from "@/server/auth/page-session";
import { getRuntime } from "@/server/runtime";
import { hasAnyUser } from "@/server/users/create-first-admin";

export const metadata: Metadata = { title: "Create an account" };

/** Exists only when the operator set PIXBUCKET_ALLOW_SIGNUP. */
export default async function SignUpPage() {
  // The session first: reading the request's headers also keeps this page out of the static build.
  const user = await getPageUser();
  const runtime = await getRuntime();
  if (!runtime.config.auth.allowSignup) notFound();
  if (user) redirect("/");
  if (!(await hasAnyUser(runtime))) redirect("/setup");

  return (
    <AuthCard title="Create an account">
      <SignUpForm minPasswordLength={MIN_PASSWORD_LENGTH} />
    </AuthCard>
  );
}
