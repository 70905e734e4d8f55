import { describe, expect, it } from "vitest";
import { formatRelativeTime } from "../../src/lib/format-relative-time";
import { isPublicPage, signInPathFor } from "../../src/lib/public-paths";
import { safeNextPath } from "../../src/lib/safe-next-path";

describe("isPublicPage", () => {
  it("lets signed-out visitors reach sign-in, setup, sign-up, invites and share links", () => {
    for (const path of ["/sign-in", "/setup", "/sign-up", "/invite/pbi_abc", "/s/tok123", "/s/tok123/whatever"]) {
      expect(isPublicPage(path), path).toBe(true);
    }
  });

  it("keeps everything else behind sign-in, including look-alikes", () => {
    for (const path of ["/", "/upload", "/gallery", "/settings", "/sign-inx", "/setup-admin", "/invite", "/s", "/shared"]) {
      expect(isPublicPage(path), path).toBe(false);
    }
  });
});

describe("signInPathFor", () => {
  it("remembers where the visitor was going", () => {
    expect(signInPathFor("/gallery", "")).toBe("/sign-in?next=%2Fgallery");
    expect(signInPathFor("/settings", "?tab=tokens")).toBe("/sign-in?next=%2Fsettings%3Ftab%3Dtokens");
    expect(signInPathFor("/", "")).toBe("/sign-in");
  });
});

describe("safeNextPath", () => {
  it("keeps paths on this site", () => {
    expect(safeNextPath("/gallery")).toBe("/gallery");
    expect(safeNextPath("/settings?tab=tokens")).toBe("/settings?tab=tokens");
  });

  it("refuses other hosts, schemes and sign-in loops", () => {
    for (const value of [null, undefined, "", "https://evil.example", "//evil.example", "/\\evil.example", "javascript:alert(1)", "gallery", "/sign-in", "/setup?x=1", "/a\u0000b"]) {
      expect(safeNextPath(value), String(value)).toBe("/");
    }
  });
});

describe("formatRelativeTime", () => {
  const now = Date.parse("2026-11-25T12:00:00Z");

  it("says how long ago or how long until, in the largest whole unit", () => {
    expect(formatRelativeTime("2026-11-25T11:59:30Z", now)).toBe("just now");
    expect(formatRelativeTime("2026-11-25T11:57:00Z", now)).toBe("3 minutes ago");
    expect(formatRelativeTime("2026-11-25T09:00:00Z", now)).toBe("3 hours ago");
    expect(formatRelativeTime("2026-11-24T12:00:00Z", now)).toBe("yesterday");
    expect(formatRelativeTime("2026-12-02T12:00:00Z", now)).toBe("next week");
    expect(formatRelativeTime("2026-12-20T12:00:00Z", now)).toBe("in 3 weeks");
    expect(formatRelativeTime("2027-01-25T12:00:00Z", now)).toBe("in 2 months");
    expect(formatRelativeTime("2027-11-25T12:00:00Z", now)).toBe("next year");
  });

  it("shows a dash for a value that is not a date", () => {
    expect(formatRelativeTime("soon", now)).toBe("–");
  });
});
