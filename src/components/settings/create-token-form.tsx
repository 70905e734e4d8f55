"use client";

import { useId, useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { PlusIcon } from "lucide-react";
import { FormAlert } from "@/components/auth/form-alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { createApiToken } from "@/client/account-api";
import { apiTokensQueryKey } from "./settings-queries";

const expiryChoices = [
  { label: "Never", days: null },
  { label: "7 days", days: 7 },
  { label: "30 days", days: 30 },
  { label: "90 days", days: 90 },
  { label: "1 year", days: 365 },
] as const;

/** Name and lifetime of a new token; the secret goes to `onCreated`, to be shown once. */
export function CreateTokenForm({ onCreated }: { onCreated: (created: { name: string; token: string }) => void }) {
  const queryClient = useQueryClient();
  const nameId = useId();
  const expiryId = useId();
  const [name, setName] = useState("");
  const [expiryIndex, setExpiryIndex] = useState(0);
  const mutation = useMutation({
    mutationFn: createApiToken,
    onSuccess: ({ token, apiToken }) => {
      setName("");
      onCreated({ name: apiToken.name, token });
      return queryClient.invalidateQueries({ queryKey: apiTokensQueryKey });
    },
  });

  return (
    <form
      className="grid gap-3 sm:grid-cols-[1fr_10rem_auto] sm:items-end"
      aria-label="Create API token"
      onSubmit={(event) => {
        event.preventDefault();
        mutation.mutate({ name: name.trim(), expiresInDays: expiryChoices[expiryIndex]?.days ?? null });
      }}
    >
      <div className="flex flex-col gap-2">
        <Label htmlFor={nameId}>Token name</Label>
        <Input id={nameId} placeholder="e.g. laptop CLI" required maxLength={100} value={name} onChange={(event) => setName(event.target.value)} />
      </div>
      <div className="flex flex-col gap-2">
        <Label htmlFor={expiryId}>Expires</Label>
        <NativeSelect id={expiryId} value={expiryIndex} onChange={(event) => setExpiryIndex(Number(event.target.value))}>
          {expiryChoices.map((choice, index) => (
            <option key={choice.label} value={index}>
              {choice.label === "Never" ? "Never" : `In ${choice.label}`}
            </option>
          ))}
        </NativeSelect>
      </div>
      <Button type="submit" disabled={mutation.isPending}>
        <PlusIcon aria-hidden="true" />
        {mutation.isPending ? "Creating…" : "Create token"}
      </Button>
      {mutation.error && <FormAlert className="sm:col-span-3">{mutation.error.message}</FormAlert>}
    </form>
  );
}
