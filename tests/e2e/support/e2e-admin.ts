/**
 * The account the e2e specs act as: the first admin of each e2e server, made by auth.setup.ts
 * through the first-run page (the same values as the sign-in helper in e2e-session.ts uses).
 */
export const e2eAdmin = { email: "e2e-admin@pixbucket.test", name: "E2E Admin", password: "e2e-admin-password-0" } as const;
