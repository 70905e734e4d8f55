type Listener = () => void;

const listeners = new Set<Listener>();

/**
 * Tells the rest of the app (the gallery's cached pages) that images were added. Kept apart
 * from the upload controller so listening does not pull Uppy into every page.
 */
export function onImagesChanged(listener: Listener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function notifyImagesChanged(): void {
  for (const listener of listeners) listener();
}
