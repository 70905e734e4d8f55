import { requirePageUser } from "@/server/auth/page-session";

/**
 * Every page in this group is for signed-in people. The proxy only checks that a session cookie
 * exists; this checks the session itself (and that the account is not disabled).
 */
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  await requirePageUser();
  return children;
}
