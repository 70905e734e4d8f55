import { describe, expect, it } from "vitest";
import { parseUploadArgs, parseUserCreateArgs, wantsHelp } from "../../src/cli/args";
import { UsageError } from "../../src/cli/usage-error";

describe("parseUploadArgs", () => {
  it("takes paths, --server and --token, trimming the server's trailing slash", () => {
    expect(parseUploadArgs(["a.jpg", "photos", "--server", "https://pix.example.com/", "--token", "pbt_x"], {})).toEqual({
      paths: ["a.jpg", "photos"],
      server: "https://pix.example.com",
      token: "pbt_x",
      concurrency: 4,
      allowDuplicates: false,
      album: null,
    });
  });

  it("takes --album NAME, trimmed, and refuses an empty one", () => {
    expect(parseUploadArgs(["dir", "-s", "http://x", "-t", "pbt_z", "--album", " Trip "], {})).toMatchObject({ album: "Trip" });
    expect(() => parseUploadArgs(["dir", "-s", "http://x", "-t", "pbt_z", "--album", "  "], {})).toThrow(UsageError);
  });

  it("takes --allow-duplicates", () => {
    expect(parseUploadArgs(["dir", "-s", "http://x", "-t", "pbt_z", "--allow-duplicates"], {})).toMatchObject({ allowDuplicates: true });
  });

  it("accepts short flags and --name=value", () => {
    expect(parseUploadArgs(["-s", "http://127.0.0.1:3000", "-t", "pbt_y", "--concurrency=8", "dir"], {})).toMatchObject({
      paths: ["dir"],
      server: "http://127.0.0.1:3000",
      token: "pbt_y",
      concurrency: 8,
    });
  });

  it("falls back to PIXBUCKET_URL and PIXBUCKET_TOKEN; flags win over them", () => {
    const env = { PIXBUCKET_URL: "http://env.example", PIXBUCKET_TOKEN: "pbt_env" };
    expect(parseUploadArgs(["dir"], env)).toMatchObject({ server: "http://env.example", token: "pbt_env" });
    expect(parseUploadArgs(["dir", "--token", "pbt_flag"], env)).toMatchObject({ token: "pbt_flag" });
  });

  it.each([
    [[], "at least one file or folder"],
    [["dir", "--token", "t"], "--server"],
    [["dir", "--server", "http://x"], "PIXBUCKET_TOKEN"],
    [["dir", "--server", "ftp://x", "--token", "t"], "http or https"],
    [["dir", "--server", "not a url", "--token", "t"], "must be a URL"],
    [["dir", "--server", "http://x", "--token", "t", "--concurrency", "0"], "--concurrency"],
    [["dir", "--bogus"], "Unknown option '--bogus'"],
  ])("refuses %j with a usage error mentioning %s", (argv, fragment) => {
    expect(() => parseUploadArgs(argv, {})).toThrow(UsageError);
    expect(() => parseUploadArgs(argv, {})).toThrow(fragment);
  });
});

describe("parseUserCreateArgs", () => {
  it("reads email, name and --admin", () => {
    expect(parseUserCreateArgs(["--admin", "--email", "a@example.com", "--name", "Ann", "--password-stdin"])).toEqual({
      email: "a@example.com",
      name: "Ann",
      isAdmin: true,
    });
    expect(parseUserCreateArgs(["-e", "b@example.com", "--password-stdin"])).toEqual({ email: "b@example.com", name: undefined, isAdmin: false });
  });

  it("needs --email and --password-stdin, and nothing else", () => {
    expect(() => parseUserCreateArgs(["--password-stdin"])).toThrow("--email is required");
    expect(() => parseUserCreateArgs(["--email", "a@example.com"])).toThrow("--password-stdin");
    expect(() => parseUserCreateArgs(["--email", "a@example.com", "--password-stdin", "extra"])).toThrow('Unexpected argument "extra"');
    expect(() => parseUserCreateArgs(["--email", "a@example.com", "--password", "x"])).toThrow(UsageError);
  });
});

describe("wantsHelp", () => {
  it("spots --help and -h anywhere", () => {
    expect(wantsHelp(["dir", "--help"])).toBe(true);
    expect(wantsHelp(["-h"])).toBe(true);
    expect(wantsHelp(["dir"])).toBe(false);
  });
});
