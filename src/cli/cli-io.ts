/** What a command may touch of the process: streams, environment, directories. */
export interface CliIo {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: Record<string, string | undefined>;
  /** Where relative paths on the command line start. */
  cwd: string;
  /** The app's own directory (package.json, drizzle/). */
  appRoot: string;
}
