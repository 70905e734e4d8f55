"use client";

import { useId, useState } from "react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { FormAlert } from "@/components/auth/form-alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { setUserQuota, type ManagedUser } from "@/client/account-api";
import { usersQueryKey } from "./settings-queries";

const GiB = 1024 ** 3;

/** "" → no limit; otherwise a whole number ≥ 0 (or null when it is not one). */
function parseLimit(text: string, scale: number): number | null | "invalid" {
  if (text.trim() === "") return null;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) return "invalid";
  return Math.round(value * scale);
}

/** Admin: set or remove one account's limits. An empty field means no limit on that measure. */
export function QuotaDialog({ user, onClose }: { user: ManagedUser; onClose: () => void }) {
  const queryClient = useQueryClient();
  const imagesId = useId();
  const bytesId = useId();
  const [images, setImages] = useState(user.quota?.images != null ? String(user.quota.images) : "");
  const [gigabytes, setGigabytes] = useState(user.quota?.bytes != null ? String(+(user.quota.bytes / GiB).toFixed(3)) : "");
  const mutation = useMutation({
    mutationFn: (quota: ManagedUser["quota"]) => setUserQuota(user.id, quota),
    onSuccess: async (updated) => {
      toast.success(updated.quota ? `${updated.email}'s quota is set.` : `${updated.email} has no quota now.`);
      await queryClient.invalidateQueries({ queryKey: usersQueryKey });
      onClose();
    },
  });
  const imageLimit = parseLimit(images, 1);
  const byteLimit = parseLimit(gigabytes, GiB);
  const isInvalid = imageLimit === "invalid" || byteLimit === "invalid";

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Quota for {user.email}</DialogTitle>
          <DialogDescription>Uploads that would pass a limit are refused. Leave a field empty for no limit.</DialogDescription>
        </DialogHeader>
        <form
          className="grid gap-3"
          onSubmit={(event) => {
            event.preventDefault();
            if (isInvalid) return;
            mutation.mutate(imageLimit === null && byteLimit === null ? null : { images: imageLimit, bytes: byteLimit });
          }}
        >
          <div className="grid gap-1.5">
            <Label htmlFor={imagesId}>Images at most</Label>
            <Input id={imagesId} inputMode="numeric" value={images} onChange={(event) => setImages(event.target.value)} placeholder="No limit" />
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor={bytesId}>Storage at most (GB)</Label>
            <Input id={bytesId} inputMode="decimal" value={gigabytes} onChange={(event) => setGigabytes(event.target.value)} placeholder="No limit" />
          </div>
          {isInvalid && <FormAlert>Limits are numbers of 0 or more.</FormAlert>}
          {mutation.isError && <FormAlert>{mutation.error.message}</FormAlert>}
          <DialogFooter>
            <Button type="button" variant="outline" disabled={mutation.isPending || !user.quota} onClick={() => mutation.mutate(null)}>
              Remove quota
            </Button>
            <Button type="submit" disabled={mutation.isPending || isInvalid}>
              Save
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
