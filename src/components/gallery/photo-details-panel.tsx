"use client";

import { useQuery } from "@tanstack/react-query";
import { getImageDetails } from "@/client/api-client";
import { describeExposure, type PhotoDetails } from "@/lib/photo-details";
import { formatBytes } from "@/lib/format-bytes";

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "full", timeStyle: "short", timeZone: "UTC" });

/** The time as the camera's clock showed it: the stored instant moved back by the offset it wrote. */
function cameraClockTime(details: PhotoDetails): string | null {
  if (!details.takenAt) return null;
  const instant = new Date(details.takenAt);
  const match = details.takenAtOffset?.match(/^([+-])(\d{2}):(\d{2})$/);
  const offsetMinutes = match ? (match[1] === "-" ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
  const text = dateFormat.format(new Date(instant.getTime() + offsetMinutes * 60_000));
  return details.takenAtOffset ? `${text} (UTC${details.takenAtOffset})` : text;
}

function rows(details: PhotoDetails): [string, string][] {
  const camera = details.camera ? [details.camera.make, details.camera.model].filter(Boolean).join(" ") : null;
  const exposure = details.exposure ? describeExposure(details.exposure) : null;
  const taken = cameraClockTime(details);
  const found: [string, string | null][] = [
    ["Taken", taken],
    ["Camera", camera],
    ["Lens", details.lens],
    ["Exposure", exposure || null],
    ["Dimensions", `${details.width} × ${details.height} px`],
    ["Size", formatBytes(details.size)],
    ["Location", details.gps ? `${details.gps.lat.toFixed(5)}, ${details.gps.lon.toFixed(5)}` : null],
  ];
  return found.filter((row): row is [string, string] => row[1] !== null);
}

/** The owner's view of what the photo's file says about it; fetched only when the panel opens. */
export function PhotoDetailsPanel({ imageId }: { imageId: string }) {
  const details = useQuery({ queryKey: ["image-details", imageId], queryFn: ({ signal }) => getImageDetails(imageId, signal), staleTime: 5 * 60_000 });
  if (details.isPending) return <p className="px-4 pb-4 text-sm text-muted-foreground">Reading the photo’s details…</p>;
  if (details.isError) return <p className="px-4 pb-4 text-sm text-destructive">{details.error.message}</p>;
  return (
    <dl data-testid="photo-details" className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 px-4 pb-4 text-sm">
      {rows(details.data).map(([label, value]) => (
        <div key={label} className="contents">
          <dt className="text-muted-foreground">{label}</dt>
          <dd className="min-w-0 truncate tabular-nums" title={value}>
            {label === "Location" && details.data.gps ? (
              <a className="underline underline-offset-2" href={`geo:${details.data.gps.lat},${details.data.gps.lon}`}>
                {value}
              </a>
            ) : (
              value
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
