import "server-only";
import type { UserRow, UserUsageRow } from "../db/schema";
import { toUsage } from "../usage/get-usage";
import type { UserDto } from "@/contract/users";

export type { UserDto };

/** `usage` is the account's user_usage row, absent for one that never held an image nor had a quota. */
export function toUserDto(user: UserRow, usage?: UserUsageRow | null): UserDto {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role === "admin" ? "admin" : "user",
    disabled: user.banned,
    createdAt: user.createdAt.toISOString(),
    ...toUsage(usage),
  };
}
