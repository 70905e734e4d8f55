import "server-only";
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

/**
 * Share passwords are short and chosen by people, so unlike the 256-bit link tokens they get a
 * slow, salted hash compared in constant time: scrypt at one of OWASP's equivalent settings
 * (N=2^14, r=8, p=5). Of those it needs the least memory per check (16 MiB), which matters when
 * strangers make the server check; p=5 buys the time back. Stored as `scrypt$N$r$p$salt$key`, so
 * hashes made at the older p=1 still verify and the cost can be raised again.
 */
const COST = { N: 16_384, r: 8, p: 5 } as const;
const KEY_BYTES = 32;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize("NFKC"), salt, KEY_BYTES, { ...options, maxmem: 256 * 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashSharePassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST);
  return ["scrypt", COST.N, COST.r, COST.p, salt.toString("base64url"), key.toString("base64url")].join("$");
}

/** Constant-time comparison; a malformed stored hash never matches. */
export async function isSharePasswordRight(storedHash: string, password: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = storedHash.split("$");
  if (scheme !== "scrypt" || !salt || !key) return false;
  const expected = Buffer.from(key, "base64url");
  const actual = await derive(password, Buffer.from(salt, "base64url"), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
