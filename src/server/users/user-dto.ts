import "server-only";
import type { UserRow } from "../db/schema";

export interface UserDto {
  id: string;
  email: string;
  name: string;
  role: "admin" | "user";
  disabled: boolean;
  createdAt: string;
}

export function toUserDto(user: UserRow): UserDto {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role === "admin" ? "admin" : "user",
    disabled: user.banned,
    createdAt: user.createdAt.toISOString(),
  };
}
