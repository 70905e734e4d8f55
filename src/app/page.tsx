import type { Metadata } from "next";
import { requirePageUser } from "@/server/auth/page-session";
import UploadPage from "./(app)/upload/page";

// The layout's "%s · Pixbucket" template does not apply to a page beside the root layout.
export const metadata: Metadata = { title: { absolute: "Upload · Pixbucket" } };

// The home page is the upload page: it is what people come to do. It sits outside the (app)
// group, so it checks the session itself.
export default async function HomePage() {
  await requirePageUser();
  return <UploadPage />;
}
