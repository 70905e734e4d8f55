function readAllEntries(directory: FileSystemDirectoryEntry): Promise<FileSystemEntry[]> {
  const reader = directory.createReader();
  const entries: FileSystemEntry[] = [];
  return new Promise((resolve, reject) => {
    // readEntries hands out at most ~100 entries per call; keep asking until it returns none.
    const readBatch = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) resolve(entries);
        else {
          entries.push(...batch);
          readBatch();
        }
      }, reject);
    readBatch();
  });
}

async function filesFromEntry(entry: FileSystemEntry): Promise<File[]> {
  // Hidden files (.DS_Store, ._photo.jpg) come along with folders; nobody meant to upload them.
  if (entry.name.startsWith(".")) return [];
  if (entry.isFile) {
    return new Promise((resolve) => (entry as FileSystemFileEntry).file((file) => resolve([file]), () => resolve([])));
  }
  if (entry.isDirectory) {
    const children = await readAllEntries(entry as FileSystemDirectoryEntry).catch(() => []);
    const nested = await Promise.all(children.map(filesFromEntry));
    return nested.flat();
  }
  return [];
}

/**
 * The files of a drop, walking into dropped folders. The DataTransfer is only readable during the
 * drop event, so everything is taken from it before the first await.
 */
export function collectDroppedFiles(dataTransfer: DataTransfer): Promise<File[]> {
  const items = [...dataTransfer.items].filter((item) => item.kind === "file");
  const entries = items.map((item) => (typeof item.webkitGetAsEntry === "function" ? item.webkitGetAsEntry() : null));
  if (!entries.some((entry) => entry?.isDirectory)) return Promise.resolve([...dataTransfer.files]);

  const plainFiles = items.map((item, index) => (entries[index] ? null : item.getAsFile()));
  return Promise.all(
    entries.map((entry, index) => {
      if (entry) return filesFromEntry(entry);
      const file = plainFiles[index];
      return Promise.resolve(file ? [file] : []);
    }),
  ).then((lists) => lists.flat());
}
