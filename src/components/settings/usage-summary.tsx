"use client";

import { useQuery } from "@tanstack/react-query";
import { Skeleton } from "@/components/ui/skeleton";
import { getMe } from "@/client/account-api";
import { formatUsage } from "@/lib/format-usage";
import { meQueryKey } from "./settings-queries";

/** The caller's usage against their quota, from GET /api/me. */
export function UsageSummary() {
  const query = useQuery({ queryKey: meQueryKey, queryFn: getMe });
  if (query.isPending) return <Skeleton className="h-10 w-full" />;
  if (query.isError) return <p className="text-sm text-destructive">Could not load your usage: {query.error.message}</p>;
  const { usage, quota } = query.data;
  const fractions = [quota?.images != null && quota.images > 0 ? usage.images / quota.images : null, quota?.bytes != null && quota.bytes > 0 ? usage.bytes / quota.bytes : null].filter(
    (value): value is number => value !== null,
  );
  const fullest = fractions.length > 0 ? Math.min(1, Math.max(...fractions)) : null;
  return (
    <div className="flex flex-col gap-2" data-testid="usage-summary">
      <p className="text-sm">{formatUsage(query.data)}</p>
      {fullest !== null ? (
        <div className="h-2 w-full overflow-hidden rounded bg-muted" role="meter" aria-label="Quota used" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(fullest * 100)}>
          <div className={`h-full ${fullest >= 0.9 ? "bg-destructive" : "bg-primary"}`} style={{ width: `${fullest * 100}%` }} />
        </div>
      ) : (
        <p className="text-xs text-muted-foreground">Your account has no quota.</p>
      )}
    </div>
  );
}
