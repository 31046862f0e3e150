import type { TFunction } from "i18next";

export const MIN_PASSWORD_LENGTH = 10;

export function emailError(value: string, t: TFunction): string | undefined {
  if (value.trim() === "") return t("validation.required");
  return /^[^\s@]+@[^\s@]+$/.test(value.trim()) ? undefined : t("validation.email");
}

export function requiredError(value: string, t: TFunction): string | undefined {
  return value.trim() === "" ? t("validation.required") : undefined;
}

export function newPasswordError(value: string, t: TFunction): string | undefined {
  return value.length < MIN_PASSWORD_LENGTH
    ? t("validation.passwordTooShort", { min: MIN_PASSWORD_LENGTH })
    : undefined;
}

/** True when no field has an error message. */
export function isValid(errors: Record<string, string | undefined>): boolean {
  return Object.values(errors).every((error) => error === undefined);
}
