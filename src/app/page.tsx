// The home page is the upload page: it is what people come to do.
export { default, metadata } from "./(app)/upload/page";
