"use client";

import { useSyncExternalStore } from "react";
import { getUploadController } from "./upload-controller";
import { emptyUploadSnapshot, type UploadSnapshot } from "./upload-store";

const subscribe = (listener: () => void) => getUploadController().store.subscribe(listener);
const getSnapshot = () => getUploadController().store.getSnapshot();
const getServerSnapshot = () => emptyUploadSnapshot;

/** The upload list, re-rendering at most every few dozen milliseconds while files move. */
export function useUploads(): UploadSnapshot {
  return useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);
}
