import { createSpeedMeter } from "@/lib/speed-meter";
import { formatBytes } from "@/lib/format-bytes";
import { formatProgressLine, type ProgressSnapshot } from "./progress-format";
import type { FileResult } from "./run-uploads";

export interface ProgressReporter {
  onBytes(delta: number): void;
  onFileDone(result: FileResult): void;
  /** Removes the live line (on a terminal) before the summary is printed. */
  stop(): void;
}

const redrawMs = 200;
const clearLine = "\r\x1b[2K";

/**
 * Progress on stderr. On a terminal: one line redrawn in place (bar, files, bytes, speed, time
 * left), with failures printed above it as they happen. Otherwise (a pipe, a CI log): one plain
 * line per finished file.
 */
export function createProgressReporter({ stream, filesTotal, bytesTotal }: { stream: NodeJS.WriteStream; filesTotal: number; bytesTotal: number }): ProgressReporter {
  const isTty = stream.isTTY === true;
  const meter = createSpeedMeter();
  const snapshot: ProgressSnapshot = { filesDone: 0, filesFailed: 0, filesTotal, bytesSent: 0, bytesTotal, bytesPerSecond: 0 };
  let isDrawn = false;

  const draw = () => {
    if (!isTty) return;
    snapshot.bytesPerSecond = meter.sample(snapshot.bytesSent, Date.now());
    stream.write(`${clearLine}${formatProgressLine(snapshot, stream.columns || 80)}`);
    isDrawn = true;
  };
  const timer = isTty ? setInterval(draw, redrawMs) : null;
  timer?.unref();
  draw();

  const printAbove = (text: string) => {
    stream.write(`${isDrawn ? clearLine : ""}${text}\n`);
    isDrawn = false;
    draw();
  };

  return {
    onBytes(delta) {
      snapshot.bytesSent += delta;
    },
    onFileDone(result) {
      if (result.ok && "duplicateOf" in result) {
        snapshot.filesDone += 1;
        // Not sent (or removed again): its bytes leave the total, so the bar still ends at 100%.
        snapshot.bytesTotal -= result.file.size;
        printAbove(`already  ${result.file.label}: in the library as ${result.duplicateOf.name}`);
      } else if (result.ok) {
        snapshot.filesDone += 1;
        if (!isTty) printAbove(`uploaded ${result.file.label} (${formatBytes(result.file.size)})`);
      } else {
        snapshot.filesFailed += 1;
        // A failed file's bytes leave the total, so the bar still ends at 100%.
        snapshot.bytesTotal -= result.file.size;
        printAbove(`failed   ${result.file.label}: ${result.error}`);
      }
    },
    stop() {
      if (timer) clearInterval(timer);
      if (isTty && isDrawn) stream.write(clearLine);
      isDrawn = false;
    },
  };
}
