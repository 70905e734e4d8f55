"use client";

import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";

export type Role = "admin" | "user";

/** The role picker shared by "create user" and "create invite". */
export function RoleField({ id, value, onChange }: { id: string; value: Role; onChange: (role: Role) => void }) {
  return (
    <div className="flex flex-col gap-2">
      <Label htmlFor={id}>Role</Label>
      <NativeSelect id={id} value={value} onChange={(event) => onChange(event.target.value === "admin" ? "admin" : "user")}>
        <option value="user">User</option>
        <option value="admin">Admin</option>
      </NativeSelect>
    </div>
  );
}
