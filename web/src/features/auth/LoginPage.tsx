import { Alert, Anchor, Button, Stack, TextInput } from "@mantine/core";
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useLocation } from "react-router";
import { ErrorAlert } from "../../components/ErrorAlert";
import { AuthPanel } from "./AuthPanel";
import { readLoginState } from "./loginState";
import { PasswordField } from "./PasswordField";
import { homePath, isChallenge, useLogin, useSession } from "./session";
import { useSetupStatus } from "./setup";
import { TwoFactorStep } from "./TwoFactorStep";
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
  // After the right password of a login with two-factor on: the second step's challenge.
  const [challenge, setChallenge] = useState<string | null>(null);
  // Why the second step sent the user back here (its challenge expired), if it did.
  const [restartReason, setRestartReason] = useState<unknown>(null);

  // Also taken after a successful login, which stores the new session.
  if (session.data) return <Navigate to={from ?? homePath(session.data.user)} replace />;

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = { email: emailError(email, t), password: requiredError(password, t) };
    setErrors(found);
    if (isValid(found)) {
      setRestartReason(null);
      login.mutate(
        { email: email.trim(), password },
        {
          onSuccess: (result) => {
            if (isChallenge(result)) setChallenge(result.challenge);
          },
        },
      );
    }
  };

  if (challenge !== null) {
    return (
      <AuthPanel title={t("auth.twoFactor.title")}>
        <TwoFactorStep
          challenge={challenge}
          onRestart={(reason) => {
            setChallenge(null);
            setPassword("");
            setRestartReason(reason ?? null);
            login.reset();
          }}
        />
      </AuthPanel>
    );
  }

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
      {restartReason !== null && <ErrorAlert error={restartReason} />}
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
