"use client";

import { useId, useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { FormAlert } from "@/components/auth/form-alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { RoleField } from "./role-field";
import { createUser } from "@/client/account-api";
import { usersQueryKey } from "./settings-queries";

/** Admin: an account with a password the admin hands over (they can change it in Settings). */
export function CreateUserForm({ minPasswordLength }: { minPasswordLength: number }) {
  const queryClient = useQueryClient();
  const ids = { name: useId(), email: useId(), password: useId(), role: useId() };
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [role, setRole] = useState<"user" | "admin">("user");
  const mutation = useMutation({
    mutationFn: createUser,
    onSuccess: async (user) => {
      toast.success(`Account created for ${user.email}.`);
      setName("");
      setEmail("");
      setPassword("");
      setRole("user");
      await queryClient.invalidateQueries({ queryKey: usersQueryKey });
    },
  });

  return (
    <form
      className="grid gap-3 sm:grid-cols-2"
      aria-label="Create user"
      onSubmit={(event) => {
        event.preventDefault();
        mutation.mutate({ name: name.trim(), email: email.trim(), password, role });
      }}
    >
      <div className="flex flex-col gap-2">
        <Label htmlFor={ids.name}>Name</Label>
        <Input id={ids.name} required maxLength={100} autoComplete="off" value={name} onChange={(event) => setName(event.target.value)} />
      </div>
      <div className="flex flex-col gap-2">
        <Label htmlFor={ids.email}>Email</Label>
        <Input id={ids.email} type="email" required maxLength={254} autoComplete="off" value={email} onChange={(event) => setEmail(event.target.value)} />
      </div>
      <div className="flex flex-col gap-2">
        <Label htmlFor={ids.password}>Initial password</Label>
        <Input
          id={ids.password}
          type="password"
          required
          minLength={minPasswordLength}
          maxLength={256}
          autoComplete="new-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
      </div>
      <RoleField id={ids.role} value={role} onChange={setRole} />
      {mutation.error && <FormAlert className="sm:col-span-2">{mutation.error.message}</FormAlert>}
      <div className="sm:col-span-2">
        <Button type="submit" disabled={mutation.isPending}>
          {mutation.isPending ? "Creating…" : "Create user"}
        </Button>
      </div>
    </form>
  );
}
