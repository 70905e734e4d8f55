import type { Metadata } from "next";
import { ApiTokensSection } from "@/components/settings/api-tokens-section";
import { ChangePasswordForm } from "@/components/settings/change-password-form";
import { CreateInviteForm } from "@/components/settings/create-invite-form";
import { InviteList } from "@/components/settings/invite-list";
import { CreateUserForm } from "@/components/settings/create-user-form";
import { SettingsSection } from "@/components/settings/settings-section";
import { ReconcileReports } from "@/components/settings/reconcile-reports";
import { StorageChecks } from "@/components/settings/storage-checks";
import { UsageSummary } from "@/components/settings/usage-summary";
import { UserList } from "@/components/settings/user-list";
import { MIN_PASSWORD_LENGTH } from "@/server/auth/create-auth";
import { requirePageUser } from "@/server/auth/page-session";
import { listReconcileReports } from "@/server/reconcile/list-reconcile-reports";
import { getRuntime } from "@/server/runtime";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requirePageUser();
  const reconcileReports = user.role === "admin" ? await listReconcileReports({ db: (await getRuntime()).db, user }) : [];

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold tracking-tight">Settings</h1>
        <p className="text-sm text-muted-foreground">
          Signed in as <span className="font-medium text-foreground">{user.name}</span> ({user.email}){user.role === "admin" ? ", admin" : ""}.
        </p>
      </div>

      <SettingsSection title="Your library" description="What your account holds, and its quota if an admin set one.">
        <UsageSummary />
      </SettingsSection>

      <SettingsSection title="Password">
        <ChangePasswordForm minPasswordLength={MIN_PASSWORD_LENGTH} />
      </SettingsSection>

      <SettingsSection
        title="API tokens"
        description="For the pixbucket CLI, scripts and tools: send a token as “Authorization: Bearer <token>”. It acts as you on the whole API."
      >
        <ApiTokensSection />
      </SettingsSection>

      {user.role === "admin" && (
        <>
          <SettingsSection title="Users" description="Disabling an account signs it out everywhere and stops its API tokens at once. Click an account's storage to set its quota.">
            <UserList currentUserId={user.id} />
          </SettingsSection>
          <SettingsSection title="Create a user" description="Set an initial password and hand it over; they can change it in Settings.">
            <CreateUserForm minPasswordLength={MIN_PASSWORD_LENGTH} />
          </SettingsSection>
          <SettingsSection title="Invite by link" description="The person opens the link and chooses their own password. Each link works once.">
            <CreateInviteForm />
            <InviteList />
          </SettingsSection>
          <SettingsSection title="Storage" description="The same checks as “pixbucket doctor”, each failure with its fix; and what the latest reconcile runs found.">
            <StorageChecks />
            <ReconcileReports runs={reconcileReports} />
          </SettingsSection>
        </>
      )}
    </div>
  );
}
