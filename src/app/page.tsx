import type { Metadata } from "next";

// The home page is the upload page: it is what people come to do.
export { default } from "./(app)/upload/page";

// The layout's "%s · Pixbucket" template does not apply to a page beside the root layout.
export const metadata: Metadata = { title: { absolute: "Upload · Pixbucket" } };
