/** Shortest share password accepted, here and in the share dialog (OWASP's floor for a memorised secret). */
export const SHARE_PASSWORD_MIN_LENGTH = 8;
