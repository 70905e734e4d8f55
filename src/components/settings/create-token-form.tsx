"use client";

import { useId, useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { PlusIcon } from "lucide-react";
import { FormAlert } from "@/components/auth/form-alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Checkbox } from "@/components/ui/checkbox";
import { NativeSelect } from "@/components/ui/native-select";
import { createApiToken } from "@/client/account-api";
import { DEFAULT_TOKEN_SCOPES, TOKEN_SCOPES, type TokenScope } from "@/lib/token-scopes";
import { apiTokensQueryKey } from "./settings-queries";

const expiryChoices = [
  { label: "Never", days: null },
  { label: "7 days", days: 7 },
  { label: "30 days", days: 30 },
  { label: "90 days", days: 90 },
  { label: "1 year", days: 365 },
] as const;

const scopeLabels: Record<TokenScope, string> = {
  upload: "Upload",
  read: "Read images",
  delete: "Delete images",
  share: "Share links",
};

/** Name, lifetime and scopes of a new token; the secret goes to `onCreated`, to be shown once. */
export function CreateTokenForm({ onCreated }: { onCreated: (created: { name: string; token: string }) => void }) {
  const queryClient = useQueryClient();
  const nameId = useId();
  const expiryId = useId();
  const [name, setName] = useState("");
  const [expiryIndex, setExpiryIndex] = useState(0);
  const [scopes, setScopes] = useState<readonly TokenScope[]>(DEFAULT_TOKEN_SCOPES);
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
        mutation.mutate({ name: name.trim(), expiresInDays: expiryChoices[expiryIndex]?.days ?? null, scopes: [...scopes] });
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
      <fieldset className="flex flex-wrap gap-x-4 gap-y-2 sm:col-span-3 sm:row-start-2">
        <legend className="mb-2 text-sm font-medium">May</legend>
        {TOKEN_SCOPES.map((scope) => (
          <label key={scope} className="flex items-center gap-2 text-sm">
            <Checkbox
              checked={scopes.includes(scope)}
              onCheckedChange={(checked) => setScopes((current) => (checked === true ? [...current, scope] : current.filter((item) => item !== scope)))}
            />
            {scopeLabels[scope]}
          </label>
        ))}
      </fieldset>
      <Button type="submit" disabled={mutation.isPending || scopes.length === 0}>
        <PlusIcon aria-hidden="true" />
        {mutation.isPending ? "Creating…" : "Create token"}
      </Button>
      {mutation.error && <FormAlert className="sm:col-span-3">{mutation.error.message}</FormAlert>}
    </form>
  );
}
