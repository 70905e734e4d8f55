"use client";

import { useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { listApiTokens, revokeApiToken, type ApiTokenInfo } from "@/client/account-api";
import { formatRelativeTime } from "@/lib/format-relative-time";
import { ConfirmActionDialog } from "@/components/ui/confirm-action-dialog";
import { apiTokensQueryKey } from "./settings-queries";

function When({ iso, nowMs, empty }: { iso: string | null; nowMs: number; empty: string }) {
  if (!iso) return <span className="text-muted-foreground">{empty}</span>;
  return (
    <time dateTime={iso} title={new Date(iso).toLocaleString()}>
      {formatRelativeTime(iso, nowMs)}
    </time>
  );
}

function tokenStatus(token: ApiTokenInfo, nowMs: number): "active" | "revoked" | "expired" {
  if (token.revokedAt) return "revoked";
  if (token.expiresAt && Date.parse(token.expiresAt) <= nowMs) return "expired";
  return "active";
}

/** The caller's tokens: prefix, scopes, created, expires, last used; revoke with a confirmation. */
export function TokenList() {
  const queryClient = useQueryClient();
  const [nowMs] = useState(() => Date.now());
  const [pending, setPending] = useState<ApiTokenInfo | null>(null);
  const query = useQuery({ queryKey: apiTokensQueryKey, queryFn: listApiTokens });
  const revoke = useMutation({
    mutationFn: (token: ApiTokenInfo) => revokeApiToken(token.id),
    onSuccess: async (_, token) => {
      toast.success(`Token “${token.name}” revoked.`);
      setPending(null);
      await queryClient.invalidateQueries({ queryKey: apiTokensQueryKey });
    },
    onError: (error) => toast.error(error.message),
  });

  if (query.isPending) return <Skeleton className="h-24 w-full" />;
  if (query.isError) return <p className="text-sm text-destructive">Could not load your tokens: {query.error.message}</p>;
  if (query.data.length === 0) return <p className="text-sm text-muted-foreground">No tokens yet.</p>;

  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm" aria-label="API tokens">
        <thead className="text-left text-xs text-muted-foreground">
          <tr className="border-b">
            <th className="py-2 pr-4 font-medium">Name</th>
            <th className="py-2 pr-4 font-medium">Token</th>
            <th className="py-2 pr-4 font-medium">May</th>
            <th className="py-2 pr-4 font-medium">Created</th>
            <th className="py-2 pr-4 font-medium">Expires</th>
            <th className="py-2 pr-4 font-medium">Last used</th>
            <th className="py-2 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {query.data.map((token) => {
            const status = tokenStatus(token, nowMs);
            return (
              <tr key={token.id} className="border-b last:border-0" data-testid="token-row">
                <td className="py-2 pr-4 font-medium">{token.name}</td>
                <td className="py-2 pr-4 font-mono text-xs">{token.prefix}…</td>
                <td className="py-2 pr-4">{token.scopes.join(", ")}</td>
                <td className="py-2 pr-4">
                  <When iso={token.createdAt} nowMs={nowMs} empty="–" />
                </td>
                <td className="py-2 pr-4">
                  <When iso={token.expiresAt} nowMs={nowMs} empty="Never" />
                </td>
                <td className="py-2 pr-4">
                  <When iso={token.lastUsedAt} nowMs={nowMs} empty="Never" />
                </td>
                <td className="py-2 text-right">
                  {status === "active" ? (
                    <Button variant="outline" size="sm" onClick={() => setPending(token)} aria-label={`Revoke ${token.name}`}>
                      Revoke
                    </Button>
                  ) : (
                    <Badge variant="secondary">{status === "revoked" ? "Revoked" : "Expired"}</Badge>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <ConfirmActionDialog
        open={pending !== null}
        onOpenChange={(open) => !open && setPending(null)}
        title={`Revoke “${pending?.name ?? ""}”?`}
        description="Scripts and tools using this token stop working at once. This cannot be undone."
        confirmLabel="Revoke token"
        isPending={revoke.isPending}
        onConfirm={() => pending && revoke.mutate(pending)}
      />
    </div>
  );
}
