"use client";

import { ConfirmActionDialog, type ConfirmActionDialogProps } from "@/components/ui/confirm-action-dialog";

/** "Are you sure?" for deleting images: says what goes, and that it can't be undone. */
export function ConfirmDeleteDialog(props: Omit<ConfirmActionDialogProps, "description">) {
  return <ConfirmActionDialog {...props} description="The original and its thumbnails are removed from storage. This cannot be undone." />;
}
