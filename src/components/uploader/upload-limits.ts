/** What the server allows, as the page passed it in (see `UploadController.configure`). */
export class UploadLimits {
  maxUploadBytes: number | undefined;
  /** Files above `thresholdBytes` go up in parts of `partBytes` (the server's threshold and part size). */
  multipart: { thresholdBytes: number; partBytes: number } | undefined;

  isMultipartSize(size: number): boolean {
    return this.multipart !== undefined && size > this.multipart.thresholdBytes;
  }
}
