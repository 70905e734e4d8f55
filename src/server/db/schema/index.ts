export * from "./access";
export * from "./auth";
export * from "./images";
export * from "./shares";
export * from "./uploads";
export * from "./reconcile";
