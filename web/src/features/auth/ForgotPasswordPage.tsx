import { Alert, Anchor, Button, Stack, Text, TextInput } from "@mantine/core";
import { useMutation } from "@tanstack/react-query";
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";
import { ErrorAlert } from "../../components/ErrorAlert";
import { currentLanguage } from "../../i18n";
import { AuthPanel } from "./AuthPanel";
import { emailError } from "./validation";

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [email, setEmail] = useState("");
  const [error, setError] = useState<string>();
  const request = useMutation({
    mutationFn: (address: string) =>
      unwrap(
        api.POST("/api/auth/password/forgot", {
          body: { email: address, language: currentLanguage() },
        }),
      ),
  });

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = emailError(email, t);
    setError(found);
    if (found === undefined) request.mutate(email.trim());
  };

  return (
    <AuthPanel title={t("auth.forgot.title")}>
      {request.isSuccess ? (
        <Alert color="blue" mb="md">
          {t("auth.forgot.sent")}
        </Alert>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text>{t("auth.forgot.intro")}</Text>
            {request.isError && <ErrorAlert error={request.error} />}
            <TextInput
              label={t("auth.email")}
              type="email"
              autoComplete="email"
              required
              value={email}
              onChange={(event) => {
                setEmail(event.currentTarget.value);
              }}
              error={error}
            />
            <Button type="submit" loading={request.isPending}>
              {t("auth.forgot.submit")}
            </Button>
          </Stack>
        </form>
      )}
      <Anchor component={Link} to="/login" display="block" ta="center" mt="md">
        {t("auth.backToLogin")}
      </Anchor>
    </AuthPanel>
  );
}
