export * from "./access";
export * from "./auth";
export * from "./images";
export * from "./albums";
export * from "./shares";
export * from "./uploads";
export * from "./reconcile";
export * from "./usage";
