"use client";

import type { QueryKey, UseQueryResult } from "@tanstack/react-query";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/lib/cn";

/** What a list shows before it has rows: a skeleton, the error, or the empty text; null once there are rows. */
export function listPlaceholder(query: UseQueryResult<readonly unknown[]>, texts: { what: string; empty?: string; className?: string }) {
  if (query.isPending) return <Skeleton className={cn("h-24 w-full", texts.className)} />;
  if (query.isError) return <p className={cn("text-sm text-destructive", texts.className)}>Could not load {texts.what}: {query.error.message}</p>;
  if (texts.empty && query.data.length === 0) return <p className={cn("text-sm text-muted-foreground", texts.className)}>{texts.empty}</p>;
  return null;
}

/** The settings page's lists: a labelled table with these column headings and a hidden "Actions" one. */
export function SettingsTable({ label, columns, children }: { label: string; columns: readonly string[]; children: React.ReactNode }) {
  return (
    <table className="w-full text-sm" aria-label={label}>
      <thead className="text-left text-xs text-muted-foreground">
        <tr className="border-b">
          {columns.map((column) => (
            <th key={column} className="py-2 pr-4 font-medium">
              {column}
            </th>
          ))}
          <th className="py-2 font-medium">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/** A change to one row of a settings list: toast the outcome, then reload the list. */
export function useListMutation<TVariables, TResult>(options: {
  mutationFn: (variables: TVariables) => Promise<TResult>;
  queryKey: QueryKey;
  successMessage: (result: TResult, variables: TVariables) => string;
  onDone?: () => void;
}) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: options.mutationFn,
    onSuccess: async (result, variables) => {
      toast.success(options.successMessage(result, variables));
      options.onDone?.();
      await queryClient.invalidateQueries({ queryKey: options.queryKey });
    },
    onError: (error) => toast.error(error.message),
  });
}
