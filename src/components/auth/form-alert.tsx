import { CircleAlertIcon, CircleCheckIcon } from "lucide-react";
import { cn } from "@/lib/cn";

/** A form's outcome in words: errors are announced at once (role=alert), success politely. */
export function FormAlert({ tone = "error", children, className }: { tone?: "error" | "success"; children: React.ReactNode; className?: string }) {
  const Icon = tone === "error" ? CircleAlertIcon : CircleCheckIcon;
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      className={cn(
        "flex items-start gap-2 rounded-md border px-3 py-2 text-sm",
        tone === "error" ? "border-destructive/40 bg-destructive/5 text-destructive" : "border-success/40 bg-success/5 text-success",
        className,
      )}
    >
      <Icon className="mt-0.5 size-4 shrink-0" aria-hidden="true" />
      <div>{children}</div>
    </div>
  );
}
