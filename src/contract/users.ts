/** Accounts: the caller, first-run setup, and the admin's user list. */
import { z } from "zod";
import { Id, NextCursor, PageQuery, Timestamp } from "./common";

/** OWASP's floor for a memorised secret; the auth library is configured with the same. */
export const MIN_PASSWORD_LENGTH = 8;

export const Role = z.enum(["admin", "user"]);
export type Role = z.infer<typeof Role>;

export const NewUserInput = z.object({
  email: z.email("must be an email address").max(254).transform((email) => email.toLowerCase()),
  name: z.string().trim().min(1, "is required").max(100),
  password: z.string().min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`).max(256),
  role: Role.default("user"),
});
export type NewUserInput = z.input<typeof NewUserInput>;

/** Setup and invites make an account without choosing its role. */
export const NewAccountInput = NewUserInput.omit({ role: true });
export type NewAccountInput = z.input<typeof NewAccountInput>;

export const UsageCounts = z.object({ images: z.number().int(), bytes: z.number().int() });
/** Null when the account has no limit; a null measure inside means no limit on that one. */
export const Quota = z.object({ images: z.number().int().nullable(), bytes: z.number().int().nullable() }).nullable();

export const UsageDto = z.object({ usage: UsageCounts, quota: Quota });
export type UsageDto = z.infer<typeof UsageDto>;

/** An account as the admin list and account creation answer it. */
export const UserDto = z
  .object({
    id: Id,
    email: z.string(),
    name: z.string(),
    role: Role,
    disabled: z.boolean(),
    createdAt: Timestamp,
    usage: UsageCounts,
    quota: Quota,
  })
  .meta({ id: "User" });
export type UserDto = z.infer<typeof UserDto>;

export const UserAnswer = z.object({ user: UserDto });

/** GET /api/me */
export const MeDto = z
  .object({ user: z.object({ id: Id, email: z.string(), name: z.string(), role: Role }), usage: UsageCounts, quota: Quota })
  .meta({ id: "Me" });
export type MeDto = z.infer<typeof MeDto>;

export const SetupState = z.object({ needsAdmin: z.boolean() });

const quotaMeasure = z
  .number({ error: "must be a number or null" })
  .int("must be a whole number")
  .min(0, "must not be negative")
  .max(Number.MAX_SAFE_INTEGER)
  .nullable();

/** `{images?, bytes?}` (a missing or null measure has no limit), or null for no quota at all. */
export const QuotaInput = z.object({ images: quotaMeasure.optional(), bytes: quotaMeasure.optional() }).strict().nullable();
export type QuotaInput = z.infer<typeof QuotaInput>;

export const UpdateUserInput = z
  .object({ disabled: z.boolean().optional(), quota: QuotaInput.optional() })
  .strict()
  .refine((input) => input.disabled !== undefined || input.quota !== undefined, "must change disabled or quota");
export type UpdateUserInput = z.infer<typeof UpdateUserInput>;

export const ListUsersInput = PageQuery;
export type ListUsersInput = z.input<typeof ListUsersInput>;

export const UserPage = z.object({ users: z.array(UserDto), nextCursor: NextCursor });
export type UserPage = z.infer<typeof UserPage>;
