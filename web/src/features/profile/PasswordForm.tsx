import { Alert, Button, Stack } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import type { ParseKeys } from "i18next";
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../api/client";
import { ApiError, unwrap } from "../../api/problem";
import { ErrorAlert, fieldErrorsOf } from "../../components/ErrorAlert";
import { PasswordField } from "../auth/PasswordField";
import { MIN_PASSWORD_LENGTH, newPasswordError, requiredError } from "../auth/validation";

interface Fields {
  currentPassword: string;
  newPassword: string;
  repeat: string;
}
type Errors = Partial<Record<keyof Fields, string>>;

const EMPTY: Fields = { currentPassword: "", newPassword: "", repeat: "" };

/** Problem codes of POST /api/auth/password that belong to one field, with their field. */
const FIELD_OF_CODE: Record<string, keyof Fields> = {
  "auth.current_password_wrong": "currentPassword",
  "auth.password_too_short": "newPassword",
  "auth.password_too_long": "newPassword",
  "auth.password_too_common": "newPassword",
  "auth.password_matches_account": "newPassword",
};

/**
 * The server's refusal as messages on the fields: the known codes in the user's language, any
 * other field error as the server wrote it. Null when the error is not about a field.
 */
function serverFieldErrors(error: unknown, t: (key: ParseKeys) => string): Errors | null {
  if (!(error instanceof ApiError) || error.problem === null) return null;
  const field = FIELD_OF_CODE[error.problem.code];
  if (field !== undefined) return { [field]: t(`errors.${error.problem.code}` as ParseKeys) };
  const byPath = fieldErrorsOf(error);
  const found: Errors = {};
  for (const name of ["currentPassword", "newPassword"] as const) {
    if (byPath[name] !== undefined) found[name] = byPath[name];
  }
  return Object.keys(found).length > 0 ? found : null;
}

/**
 * Changes the logged-in user's password: current password, new one, and the new one again.
 * The server applies the password policy and ends the user's other sessions; this form shows
 * its field errors on the fields. Embedded by the profile security page.
 */
export function PasswordForm({ onChanged }: { onChanged?: () => void }) {
  const { t } = useTranslation();
  const [fields, setFields] = useState<Fields>(EMPTY);
  const [errors, setErrors] = useState<Errors>({});
  const [closed, setClosed] = useState<number | null>(null);
  const change = useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      unwrap(api.POST("/api/auth/password", { body })),
    onSuccess: (result) => {
      setFields(EMPTY);
      setClosed(result.sessionsClosed);
      onChanged?.();
    },
  });
  const fromServer = change.isError ? serverFieldErrors(change.error, t) : null;
  const shown: Errors = { ...fromServer, ...errors };

  const field = (name: keyof Fields) => ({
    value: fields[name],
    error: shown[name],
    onChange: (event: { currentTarget: { value: string } }) => {
      const value = event.currentTarget.value;
      setFields((previous) => ({ ...previous, [name]: value }));
      setErrors((previous) => ({ ...previous, [name]: undefined }));
      setClosed(null);
      if (change.isError) change.reset();
    },
  });

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: Errors = {
      currentPassword: requiredError(fields.currentPassword, t),
      newPassword: newPasswordError(fields.newPassword, t),
      repeat: fields.repeat === fields.newPassword ? undefined : t("passwordChange.repeatDiffers"),
    };
    setErrors(found);
    if (Object.values(found).every((e) => e === undefined)) {
      change.mutate({ currentPassword: fields.currentPassword, newPassword: fields.newPassword });
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-label={t("passwordChange.title")}>
      <Stack maw={480}>
        {closed !== null && (
          <Alert color="green" role="status">
            {closed > 0
              ? t("passwordChange.doneOthersClosed", { sessions: closed })
              : t("passwordChange.done")}
          </Alert>
        )}
        {change.isError && fromServer === null && <ErrorAlert error={change.error} />}
        <PasswordField
          label={t("passwordChange.current")}
          autoComplete="current-password"
          required
          {...field("currentPassword")}
        />
        <PasswordField
          label={t("auth.newPassword")}
          description={t("passwordChange.rule", { min: MIN_PASSWORD_LENGTH })}
          autoComplete="new-password"
          required
          {...field("newPassword")}
        />
        <PasswordField
          label={t("passwordChange.repeat")}
          autoComplete="new-password"
          required
          {...field("repeat")}
        />
        <Button type="submit" loading={change.isPending} style={{ alignSelf: "flex-start" }}>
          {t("passwordChange.submit")}
        </Button>
      </Stack>
    </form>
  );
}
