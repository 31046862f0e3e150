import { describe, expect, it } from "vitest";
import { checkNewPassword } from "../passwords.ts";
import { commonnessForms, passwordProblem, type PasswordProblem } from "./password-policy.ts";

const LIST = new Set(["password", "qwertyuiop", "sunshine", "letmein", "jelszo", "monkey"]);
const isCommon = (s: string) => LIST.has(s);
const ACCOUNT = { email: "Kiss.Anna@Example.HU", name: "Kiss Anna Mária" };

describe("passwordProblem (with a small list)", () => {
  const CASES: [string, PasswordProblem | null][] = [
    ["", "password_too_short"],
    ["123456789", "password_too_short"],
    ["ő".repeat(9), "password_too_short"],
    ["🔑🔑🔑🔑🔑", "password_too_short"], // 10 UTF-16 units, 5 characters
    ["x".repeat(257), "password_too_long"],
    ["qwertyuiop", "password_too_common"],
    ["QwertyUIOP", "password_too_common"],
    ["password2024!", "password_too_common"],
    ["2024password", "password_too_common"],
    ["P@ssw0rd2024!", "password_too_common"],
    ["  sunshine  !!", "password_too_common"],
    ["L3tM3In!!2025", "password_too_common"],
    ["jelszo123456", "password_too_common"],
    ["aaaaaaaaaa", "password_too_common"],
    ["abcabcabcabc", "password_too_common"],
    ["1212121212", "password_too_common"],
    ["1234567890", "password_too_common"],
    ["9876543210", "password_too_common"],
    ["abcdefghijk", "password_too_common"],
    ["kiss.anna@example.hu", "password_matches_account"],
    ["KISS.ANNA@EXAMPLE.HU", "password_matches_account"],
    ["kiss anna mária", "password_matches_account"],
    ["kissannamária", "password_matches_account"],
    ["Kiss Anna Mária 1990", "password_matches_account"],
    ["kiss.anna2024", "password_matches_account"],
    ["2024 Kiss Anna Mária!", "password_matches_account"],
    ["kiss.anna@example.hu!!1", "password_matches_account"],
    ["my kiss.anna secret", null],
    ["correct horse battery", null],
    ["monkey business plan", null],
    ["árvíztűrő tükörfúrógép", null],
    ["Kapu-demo-admin-2026", null],
    ["0123456789a", null],
    ["x".repeat(256), "password_too_common"],
    ["xY".repeat(6) + "z", null],
  ];

  it.each(CASES)("%j → %s", (password, expected) => {
    expect(passwordProblem(password, ACCOUNT, isCommon)).toBe(expected);
  });

  it("checks the account only when it is known", () => {
    expect(passwordProblem("kiss.anna@example.hu", {}, isCommon)).toBeNull();
    expect(
      passwordProblem("kiss.anna@example.hu", { email: null, name: null }, isCommon),
    ).toBeNull();
  });

  it("reads padded and look-alike forms back", () => {
    expect(commonnessForms("P@ssw0rd2024!")).toContain("password");
    expect(commonnessForms("  Sunshine  ")).toContain("sunshine");
    expect(commonnessForms("!!!")).toEqual(["!!!", "iii"]);
  });
});

describe("checkNewPassword (the bundled lists)", () => {
  const CASES: [string, PasswordProblem | null][] = [
    ["1234567890", "password_too_common"],
    ["qwertyuiop", "password_too_common"],
    ["password123", "password_too_common"],
    ["Iloveyou2024!", "password_too_common"],
    ["baseball1234", "password_too_common"],
    ["jelszó123456", "password_too_common"],
    ["Salasana2025!", "password_too_common"],
    ["qwertzuiop", "password_too_common"],
    ["kapu12345678", "password_too_common"],
    ["correct horse battery", null],
    ["Kapu-demo-admin-2026", null],
    ["mézeskalács-tél-2026", null],
  ];
  it.each(CASES)("%j → %s", (password, expected) => {
    expect(checkNewPassword(password, {})).toBe(expected);
  });

  it("refuses the account's own e-mail and name", () => {
    expect(checkNewPassword("nagy.peter@example.hu", { email: "nagy.peter@example.hu" })).toBe(
      "password_matches_account",
    );
    expect(checkNewPassword("Nagy Péter 2025", { name: "Nagy Péter" })).toBe(
      "password_matches_account",
    );
  });

  it("looks up in constant time: a Set loaded once", () => {
    // Thousands of checks take no noticeable time: the list is not re-read or scanned.
    for (let i = 0; i < 5000; i++) checkNewPassword(`not common ${i} x`, {});
    expect(checkNewPassword("password1234", {})).toBe("password_too_common");
  });
});
