import { Alert, Anchor, Button, Stack, Text } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";
import { ErrorAlert } from "../../components/ErrorAlert";
import { AuthPanel } from "./AuthPanel";
import type { LoginState } from "./loginState";
import { PasswordField } from "./PasswordField";
import { MIN_PASSWORD_LENGTH, newPasswordError } from "./validation";

export function ResetPasswordPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const token = searchParams.get("token") ?? "";
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string>();
  const reset = useMutation({
    mutationFn: (newPassword: string) =>
      unwrap(api.POST("/api/auth/password/reset", { body: { token, password: newPassword } })),
    onSuccess: async () => {
      const state: LoginState = { passwordChanged: true };
      await navigate("/login", { state });
    },
  });

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = newPasswordError(password, t);
    setError(found);
    if (found === undefined) reset.mutate(password);
  };

  return (
    <AuthPanel title={t("auth.reset.title")}>
      {token === "" ? (
        <Alert color="red" mb="md">
          {t("errors.auth.reset_token_invalid")}
        </Alert>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text>{t("auth.reset.intro")}</Text>
            {reset.isError && <ErrorAlert error={reset.error} />}
            <PasswordField
              label={t("auth.newPassword")}
              description={t("auth.passwordRule", { min: MIN_PASSWORD_LENGTH })}
              autoComplete="new-password"
              required
              value={password}
              onChange={(event) => {
                setPassword(event.currentTarget.value);
              }}
              error={error}
            />
            <Button type="submit" loading={reset.isPending}>
              {t("auth.reset.submit")}
            </Button>
          </Stack>
        </form>
      )}
      <Anchor component={Link} to="/forgot-password" display="block" ta="center" mt="md">
        {t("auth.reset.requestNewLink")}
      </Anchor>
    </AuthPanel>
  );
}
