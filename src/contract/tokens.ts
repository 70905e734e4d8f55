/** API tokens: named secrets for scripts and the CLI, each limited to its scopes. */
import { z } from "zod";
import { DEFAULT_TOKEN_SCOPES, TOKEN_SCOPES } from "@/lib/token-scopes";
import { Id, NextCursor, PageQuery, Timestamp } from "./common";

export const TokenScopeSchema = z.enum(TOKEN_SCOPES);

/** An API token as listed and as created: never its secret. */
export const ApiTokenDto = z
  .object({
    id: Id,
    name: z.string(),
    /** The first characters of the token, to tell tokens apart. */
    prefix: z.string(),
    createdAt: Timestamp,
    expiresAt: Timestamp.nullable(),
    lastUsedAt: Timestamp.nullable(),
    revokedAt: Timestamp.nullable(),
    /** What the token may do. */
    scopes: z.array(TokenScopeSchema),
  })
  .meta({ id: "ApiToken" });
export type ApiTokenDto = z.infer<typeof ApiTokenDto>;

export const CreateTokenInput = z.object({
  name: z.string().trim().min(1, "is required").max(100),
  expiresInDays: z.number().int().min(1).max(3650).nullable().optional(),
  scopes: z
    .array(TokenScopeSchema)
    .min(1, "must name at least one scope")
    .max(TOKEN_SCOPES.length)
    .default([...DEFAULT_TOKEN_SCOPES])
    // Stored in one order, once each, so lists and comparisons stay simple.
    .transform((scopes) => TOKEN_SCOPES.filter((scope) => scopes.includes(scope))),
});
export type CreateTokenInput = z.input<typeof CreateTokenInput>;

/** The secret is in this answer only. */
export const CreatedToken = z.object({ token: z.string(), apiToken: ApiTokenDto });
export type CreatedToken = z.infer<typeof CreatedToken>;

export const ListTokensInput = PageQuery;
export type ListTokensInput = z.input<typeof ListTokensInput>;

export const TokenPage = z.object({ tokens: z.array(ApiTokenDto), nextCursor: NextCursor });
export type TokenPage = z.infer<typeof TokenPage>;
