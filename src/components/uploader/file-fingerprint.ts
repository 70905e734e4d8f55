/**
 * What identifies a file the person picks again after a reload: browsers cannot reopen a file by
 * themselves, and give a re-picked file no stable id, so name, size, modification time and type
 * together stand in for one. An edited file changes its time (and usually size): no match, and it
 * is uploaded afresh rather than glued onto parts of its old content.
 */
export function fileFingerprint(file: { name: string; size: number; lastModified: number; type: string }): string {
  return JSON.stringify([file.name, file.size, file.lastModified, file.type]);
}
