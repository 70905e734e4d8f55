/** Invites: single-use sign-up links an admin hands out. */
import { z } from "zod";
import { Id, NextCursor, PageQuery, Timestamp } from "./common";
import { Role } from "./users";

export const CreateInviteInput = z.object({
  email: z.email().max(254).optional(),
  role: Role.default("user"),
  expiresInDays: z.number().int().min(1).max(30).default(7),
});
export type CreateInviteInput = z.input<typeof CreateInviteInput>;

/** The link, shown once: only its hash is stored. */
export const CreatedInvite = z.object({ invite: z.object({ token: z.string(), path: z.string(), expiresAt: Timestamp }) });
export type CreatedInvite = z.infer<typeof CreatedInvite>;

/** An invite as the admins' list shows it; never the token. */
export const InviteDto = z
  .object({
    id: Id,
    email: z.string().nullable(),
    role: Role,
    state: z.enum(["pending", "used", "expired"]),
    createdBy: z.object({ id: Id, email: z.string() }),
    createdAt: Timestamp,
    expiresAt: Timestamp,
    usedAt: Timestamp.nullable(),
  })
  .meta({ id: "Invite" });
export type InviteDto = z.infer<typeof InviteDto>;

export const ListInvitesInput = PageQuery;
export type ListInvitesInput = z.input<typeof ListInvitesInput>;

export const InvitePage = z.object({ invites: z.array(InviteDto), nextCursor: NextCursor });
export type InvitePage = z.infer<typeof InvitePage>;

/** The invite link's secret, in the accept path. */
export const InviteTokenParams = z.object({ token: z.string().min(10).max(200) });
