/**
 * Start-up: parse config, open and migrate the database, check storage — once, before the first
 * request. A bad config stops the process with one line naming the variable.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServer } = await import("./server/start-server");
  await startServer();
}
