import { Alert, Anchor, Button, Stack, TextInput } from "@mantine/core";
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useLocation } from "react-router";
import { ErrorAlert } from "../../components/ErrorAlert";
import { AuthPanel } from "./AuthPanel";
import { readLoginState } from "./loginState";
import { PasswordField } from "./PasswordField";
import { homePath, useLogin, useSession } from "./session";
import { useSetupStatus } from "./setup";
import { emailError, isValid, requiredError } from "./validation";

export function LoginPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const { from, passwordChanged } = readLoginState(location.state);
  const session = useSession();
  const setup = useSetupStatus();
  const login = useLogin();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<{ email?: string; password?: string }>({});

  // Also taken after a successful login, which stores the new session.
  if (session.data) return <Navigate to={from ?? homePath(session.data.user)} replace />;

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = { email: emailError(email, t), password: requiredError(password, t) };
    setErrors(found);
    if (isValid(found)) login.mutate({ email: email.trim(), password });
  };

  return (
    <AuthPanel title={t("auth.login.title")}>
      {setup.data?.needed && (
        <Alert color="blue" title={t("auth.login.setupNeeded")} mb="md">
          <Anchor component={Link} to="/setup">
            {t("setup.title")}
          </Anchor>
        </Alert>
      )}
      {passwordChanged && (
        <Alert color="blue" mb="md">
          {t("auth.reset.done")}
        </Alert>
      )}
      {login.isError && <ErrorAlert error={login.error} />}
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label={t("auth.email")}
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(event) => {
              setEmail(event.currentTarget.value);
            }}
            error={errors.email}
          />
          <PasswordField
            label={t("auth.password")}
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => {
              setPassword(event.currentTarget.value);
            }}
            error={errors.password}
          />
          <Button type="submit" loading={login.isPending}>
            {t("auth.login.submit")}
          </Button>
          <Anchor component={Link} to="/forgot-password" ta="center">
            {t("auth.forgot.title")}
          </Anchor>
        </Stack>
      </form>
    </AuthPanel>
  );
}
