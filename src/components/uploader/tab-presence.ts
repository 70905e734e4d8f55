const lockPrefix = "pixbucket-uploads-tab:";

/** A random id for this tab (crypto.getRandomValues works on plain-http origins, randomUUID does not). */
export function newTabId(): string {
  const bytes = new Uint8Array(9);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * Holds a Web Lock named after this tab for as long as the page lives; the browser lets go of it
 * when the tab closes, reloads or crashes. Other tabs ask which locks are held to tell a live
 * tab's uploads from interrupted ones.
 */
export function holdTabPresence(tabId: string): void {
  if (typeof navigator === "undefined" || !navigator.locks) return;
  navigator.locks.request(`${lockPrefix}${tabId}`, () => new Promise<void>(() => undefined)).catch(() => undefined);
}

/** The ids of tabs that are open now, or null when the browser cannot say (no Web Locks on plain http). */
export async function openTabIds(): Promise<Set<string> | null> {
  if (typeof navigator === "undefined" || !navigator.locks?.query) return null;
  try {
    const { held = [] } = await navigator.locks.query();
    const ids = new Set<string>();
    for (const lock of held) if (lock.name?.startsWith(lockPrefix)) ids.add(lock.name.slice(lockPrefix.length));
    return ids;
  } catch {
    return null;
  }
}

/**
 * Resolves when the tab `tabId` is gone (its lock is free). Right after a reload the old page may
 * still hold its lock for a moment; waiting for it, instead of asking once, keeps its uploads from
 * being taken for another open tab's.
 */
export function whenTabCloses(tabId: string): Promise<void> {
  if (typeof navigator === "undefined" || !navigator.locks) return Promise.resolve();
  return navigator.locks.request(`${lockPrefix}${tabId}`, () => undefined).then(
    () => undefined,
    () => undefined,
  );
}
