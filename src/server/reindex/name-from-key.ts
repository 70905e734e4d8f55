const TUTORIAL_PREFIX = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-(.+)$/i;

/**
 * The name an adopted object is listed under: its key's last segment, without the
 * `<uuid>-` the tutorial app put in front of every upload.
 */
export function nameFromKey(key: string): string {
  const base = key.split("/").filter(Boolean).at(-1) ?? key;
  return (TUTORIAL_PREFIX.exec(base)?.[1] ?? base).slice(0, 255);
}
