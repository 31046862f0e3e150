import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  base32Decode,
  base32Encode,
  formatRecoveryCode,
  hotp,
  normalizeRecoveryCode,
  otpauthUri,
  timeStep,
  totp,
  verifyTotp,
} from "./totp.ts";

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | null) => (b === null ? null : new TextDecoder().decode(b));

describe("base32 (RFC 4648 section 10 test vectors)", () => {
  it.each([
    ["", ""],
    ["f", "MY======"],
    ["fo", "MZXQ===="],
    ["foo", "MZXW6==="],
    ["foob", "MZXW6YQ="],
    ["fooba", "MZXW6YTB"],
    ["foobar", "MZXW6YTBOI======"],
  ])("%j ↔ %s", (plain, encoded) => {
    expect(base32Encode(bytes(plain))).toBe(encoded);
    expect(text(base32Decode(encoded))).toBe(plain);
  });

  it.each([
    ["lowercase", "mzxw6ytboi", "foobar"],
    ["no padding", "MZXW6YQ", "foob"],
    ["spaces and hyphens", "MZXW 6YTB-OI", "foobar"],
  ])("decodes what people type: %s", (_name, typed, plain) => {
    expect(text(base32Decode(typed))).toBe(plain);
  });

  it.each([
    ["a character outside the alphabet", "MZXW1YTB"],
    ["a length no encoder makes", "MZX"],
    ['non-zero spare bits ("f" is MY, not MZ)', "MZ======"],
  ])("refuses %s", (_name, bad) => {
    expect(base32Decode(bad)).toBeNull();
  });

  it("round-trips any bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (data) => {
        expect(base32Decode(base32Encode(data))).toEqual(data);
        expect(base32Decode(base32Encode(data, { padding: false }))).toEqual(data);
      }),
    );
  });
});

describe("HOTP (RFC 4226 appendix D test values)", () => {
  const secret = bytes("12345678901234567890");
  it.each([
    [0, "755224"],
    [1, "287082"],
    [2, "359152"],
    [3, "969429"],
    [4, "338314"],
    [5, "254676"],
    [6, "287922"],
    [7, "162583"],
    [8, "399871"],
    [9, "520489"],
  ])("counter %i → %s", (counter, code) => {
    expect(hotp(secret, counter)).toBe(code);
  });
});

describe("TOTP (RFC 6238 appendix B, the SHA1 rows, 8 digits)", () => {
  const secret = bytes("12345678901234567890");
  it.each([
    [59, "0000000000000001", "94287082"],
    [1111111109, "00000000023523EC", "07081804"],
    [1111111111, "00000000023523ED", "14050471"],
    [1234567890, "000000000273EF07", "89005924"],
    [2000000000, "0000000003F940AA", "69279037"],
    [20000000000, "0000000027BC86AA", "65353130"],
  ])("T = %i s (step %s) → %s", (seconds, stepHex, code) => {
    const at = new Date(seconds * 1000);
    expect(timeStep(at)).toBe(parseInt(stepHex, 16));
    expect(totp(secret, at, { digits: 8 })).toBe(code);
  });
});

describe("verifyTotp", () => {
  const key = bytes("12345678901234567890");
  const at = new Date(1_111_111_111_000); // step 37037037
  const step = timeStep(at);
  const codeAt = (s: number) => hotp(key, s);

  it.each<[string, string, number | null, number | null]>([
    ["the current step", codeAt(step), null, step],
    ["one step back (typed late)", codeAt(step - 1), null, step - 1],
    ["one step ahead (clock drift)", codeAt(step + 1), null, step + 1],
    ["two steps back", codeAt(step - 2), null, null],
    ["two steps ahead", codeAt(step + 2), null, null],
    ["a replay of the last accepted step", codeAt(step), step, null],
    ["a step older than the last accepted", codeAt(step - 1), step, null],
    ["the next step after the last accepted", codeAt(step + 1), step, step + 1],
    ["with a space", `${codeAt(step).slice(0, 3)} ${codeAt(step).slice(3)}`, null, step],
    ["five digits", codeAt(step).slice(1), null, null],
    ["letters", "12a456", null, null],
    ["empty", "", null, null],
  ])("%s", (_name, code, lastStep, expected) => {
    expect(verifyTotp(key, code, at, lastStep)).toBe(expected);
  });

  it("a wrong code matches no step", () => {
    const wrong = String((Number(codeAt(step)) + 1) % 1_000_000).padStart(6, "0");
    const near = [codeAt(step - 1), codeAt(step), codeAt(step + 1)];
    expect(near.includes(wrong) ? null : verifyTotp(key, wrong, at, null)).toBeNull();
  });
});

describe("otpauthUri", () => {
  it("is the Key URI format authenticator apps read", () => {
    expect(
      otpauthUri({ issuer: "Kapu", account: "anna@example.hu", secret: "JBSWY3DPEHPK3PXP" }),
    ).toBe(
      "otpauth://totp/Kapu:anna%40example.hu?secret=JBSWY3DPEHPK3PXP&issuer=Kapu&algorithm=SHA1&digits=6&period=30",
    );
  });
});

describe("recovery codes", () => {
  it("formats 12 characters in three groups", () => {
    const code = formatRecoveryCode(Uint8Array.from({ length: 12 }, (_, i) => i * 21));
    expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}$/);
  });

  it.each<[string, string, string | null]>([
    ["as shown", "ab12-cd34-ef56", "ab12cd34ef56"],
    ["uppercase with spaces", "AB12 CD34 EF56", "ab12cd34ef56"],
    ["look-alikes", "ab1o-cd34-ef5l", "ab10cd34ef51"],
    ["too short", "ab12-cd34-ef5", null],
    ["u is not in the alphabet", "ab12-cd34-efu6", null],
  ])("normalizes %s", (_name, typed, expected) => {
    expect(normalizeRecoveryCode(typed)).toBe(expected);
  });
});
