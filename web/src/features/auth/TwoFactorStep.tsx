import { Anchor, Button, Stack, Text, TextInput } from "@mantine/core";
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/problem";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useTwoFactorLogin } from "./session";
import { requiredError } from "./validation";

/**
 * The second step of a login with two-factor on: the code of the authenticator app, or one of
 * the recovery codes. `onRestart` goes back to the password (the challenge expired or died).
 */
export function TwoFactorStep({
  challenge,
  onRestart,
}: {
  challenge: string;
  onRestart: (reason?: unknown) => void;
}) {
  const { t } = useTranslation();
  const login = useTwoFactorLogin();
  const [recovery, setRecovery] = useState(false);
  const [value, setValue] = useState("");
  const [error, setError] = useState<string>();

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = requiredError(value, t);
    setError(found);
    if (found !== undefined) return;
    const proof = recovery ? { recoveryCode: value.trim() } : { code: value.trim() };
    login.mutate(
      { challenge, ...proof },
      {
        onError: (failure) => {
          if (
            failure instanceof ApiError &&
            failure.problem?.code === "auth.two_factor_challenge_invalid"
          )
            onRestart(failure);
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text>{recovery ? t("auth.twoFactor.recoveryIntro") : t("auth.twoFactor.intro")}</Text>
        {login.isError && <ErrorAlert error={login.error} />}
        <TextInput
          // A new field for each kind, so that the browser does not offer one for the other.
          key={recovery ? "recovery" : "code"}
          label={recovery ? t("auth.twoFactor.recoveryCode") : t("auth.twoFactor.code")}
          autoComplete="one-time-code"
          inputMode={recovery ? "text" : "numeric"}
          required
          value={value}
          onChange={(event) => {
            setValue(event.currentTarget.value);
          }}
          error={error}
        />
        <Button type="submit" loading={login.isPending}>
          {t("auth.twoFactor.submit")}
        </Button>
        <Anchor
          component="button"
          type="button"
          ta="center"
          onClick={() => {
            setRecovery(!recovery);
            setValue("");
            setError(undefined);
            login.reset();
          }}
        >
          {recovery ? t("auth.twoFactor.useApp") : t("auth.twoFactor.useRecovery")}
        </Anchor>
        <Anchor
          component="button"
          type="button"
          ta="center"
          onClick={() => {
            onRestart();
          }}
        >
          {t("auth.twoFactor.startOver")}
        </Anchor>
      </Stack>
    </form>
  );
}
