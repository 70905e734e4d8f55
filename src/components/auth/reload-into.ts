/**
 * After signing in or out, loads the next page in full rather than through the client router:
 * its cache still holds pages rendered for the previous session (e.g. a prefetched "/" that
 * redirected to sign-in), and following those would bounce between the two pages.
 */
export function reloadInto(path: string): void {
  window.location.assign(path);
}
