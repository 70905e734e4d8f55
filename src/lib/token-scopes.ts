/**
 * What an API token may do. `upload` signs, sends and completes uploads; `read` lists and opens
 * images; `delete` removes them; `share` makes and revokes share links. No token manages tokens,
 * users or invites: that takes a signed-in person.
 */
export const TOKEN_SCOPES = ["upload", "read", "delete", "share"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

/** What a new token gets unless asked otherwise: enough for the CLI, nothing destructive. */
export const DEFAULT_TOKEN_SCOPES: readonly TokenScope[] = ["upload", "read"];
