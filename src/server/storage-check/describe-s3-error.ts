import { S3ServiceException } from "@aws-sdk/client-s3";

/** The S3 error code and HTTP status of an SDK error or a raw response body, for one-line messages. */
export interface S3Failure {
  code: string;
  status?: number;
  headers: Record<string, string>;
}

export function s3Failure(error: unknown): S3Failure {
  if (error instanceof S3ServiceException) {
    const response = (error as S3ServiceException & { $response?: { headers?: Record<string, string> } }).$response;
    return { code: error.name, status: error.$metadata.httpStatusCode, headers: response?.headers ?? {} };
  }
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const code = cause?.code ?? (error as NodeJS.ErrnoException | undefined)?.code ?? (error instanceof Error ? error.name : "Error");
  return { code, headers: {} };
}

/** `<Code>` of an S3 XML error body; raw fetches against presigned URLs answer with one. */
export function errorCodeOf(body: string): string | undefined {
  return /<Code>([^<]+)<\/Code>/.exec(body)?.[1];
}

export function describeFailure(error: unknown): string {
  const failure = s3Failure(error);
  const message = error instanceof Error && error.message && error.message !== failure.code ? `: ${error.message}` : "";
  return `${failure.code}${failure.status ? ` (HTTP ${failure.status})` : ""}${message}`;
}
