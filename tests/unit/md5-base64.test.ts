import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { bytesToBase64, md5Base64 } from "@/components/uploader/md5-base64";

const nodeMd5 = (bytes: Uint8Array) => createHash("md5").update(bytes).digest("base64");

describe("md5Base64", () => {
  it("gives the Content-MD5 of an empty blob", async () => {
    await expect(md5Base64(new Blob([]))).resolves.toBe("1B2M2Y8AsgTpgAmY7PhCfg==");
  });

  it("matches Node's MD5 when the data spans many slices", async () => {
    const bytes = new Uint8Array(100_003);
    for (let i = 0; i < bytes.length; i += 1) bytes[i] = (i * 31 + 7) % 256;
    await expect(md5Base64(new Blob([bytes]), { sliceBytes: 4096 })).resolves.toBe(nodeMd5(bytes));
  });

  it("stops between slices when asked to", async () => {
    const blob = new Blob([new Uint8Array(10_000)]);
    let calls = 0;
    await expect(md5Base64(blob, { sliceBytes: 1000, shouldStop: () => ++calls > 2 })).rejects.toMatchObject({ name: "AbortError" });
  });
});

describe("bytesToBase64", () => {
  it("encodes like Buffer does, including large inputs", () => {
    const bytes = new Uint8Array(70_000).map((_, i) => i % 251);
    expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString("base64"));
    expect(bytesToBase64(new Uint8Array([]))).toBe("");
  });
});
