// Hashes files off the main thread so the page stays responsive while hundreds of files queue up.
import { md5Base64 } from "@/components/uploader/md5-base64";

export type Md5WorkerRequest = { type: "hash"; taskId: number; file: Blob } | { type: "cancel"; taskId: number };
export type Md5WorkerResponse = { taskId: number; md5: string } | { taskId: number; error: string; isCancelled: boolean };

const cancelled = new Set<number>();

function reply(message: Md5WorkerResponse): void {
  postMessage(message);
}

addEventListener("message", (event: MessageEvent<Md5WorkerRequest>) => {
  const message = event.data;
  if (message.type === "cancel") {
    cancelled.add(message.taskId);
    return;
  }
  const { taskId, file } = message;
  md5Base64(file, { shouldStop: () => cancelled.has(taskId) }).then(
    (md5) => reply({ taskId, md5 }),
    (error: unknown) =>
      reply({
        taskId,
        error: error instanceof Error ? error.message : String(error),
        isCancelled: cancelled.has(taskId),
      }),
  ).finally(() => cancelled.delete(taskId));
});
