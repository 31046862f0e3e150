import { Alert, Anchor, Button, Stack, Text, TextInput } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { api } from "../../api/client";
import { unwrap } from "../../api/problem";
import { ErrorAlert } from "../../components/ErrorAlert";
import { QueryContent } from "../../components/QueryContent";
import { AuthPanel } from "./AuthPanel";
import { PasswordField } from "./PasswordField";
import { homePath, startSession } from "./session";
import { useSetupStatus } from "./setup";
import {
  MIN_PASSWORD_LENGTH,
  emailError,
  isValid,
  newPasswordError,
  requiredError,
} from "./validation";

interface AdminForm {
  token: string;
  name: string;
  email: string;
  password: string;
}

/** Creates the first staff administrator with the one-time setup token printed by the server. */
export function SetupPage() {
  const { t } = useTranslation();
  const status = useSetupStatus();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const [form, setForm] = useState<AdminForm>({
    token: searchParams.get("token") ?? "",
    name: "",
    email: "",
    password: "",
  });
  const [errors, setErrors] = useState<Partial<Record<keyof AdminForm, string>>>({});
  const create = useMutation({
    mutationFn: (admin: AdminForm) => unwrap(api.POST("/api/setup/admin", { body: admin })),
    onSuccess: async (session) => {
      startSession(queryClient, session);
      await navigate(homePath(session.user), { replace: true });
    },
  });

  const field = (name: keyof AdminForm) => ({
    value: form[name],
    error: errors[name],
    onChange: (event: { currentTarget: { value: string } }) => {
      const value = event.currentTarget.value;
      setForm((previous) => ({ ...previous, [name]: value }));
    },
  });

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = {
      token: requiredError(form.token, t),
      name: requiredError(form.name, t),
      email: emailError(form.email, t),
      password: newPasswordError(form.password, t),
    };
    setErrors(found);
    if (isValid(found)) {
      create.mutate({
        ...form,
        token: form.token.trim(),
        name: form.name.trim(),
        email: form.email.trim(),
      });
    }
  };

  return (
    <AuthPanel title={t("setup.title")}>
      <QueryContent query={status}>
        {({ needed }) =>
          needed ? (
            <form onSubmit={submit} noValidate>
              <Stack>
                <Text>{t("setup.intro")}</Text>
                {create.isError && <ErrorAlert error={create.error} />}
                <TextInput
                  label={t("setup.token")}
                  autoComplete="off"
                  required
                  {...field("token")}
                />
                <TextInput
                  label={t("setup.name")}
                  autoComplete="name"
                  required
                  {...field("name")}
                />
                <TextInput
                  label={t("auth.email")}
                  type="email"
                  autoComplete="username"
                  required
                  {...field("email")}
                />
                <PasswordField
                  label={t("auth.password")}
                  description={t("auth.passwordRule", { min: MIN_PASSWORD_LENGTH })}
                  autoComplete="new-password"
                  required
                  {...field("password")}
                />
                <Button type="submit" loading={create.isPending}>
                  {t("setup.submit")}
                </Button>
              </Stack>
            </form>
          ) : (
            <>
              <Alert color="blue" mb="md">
                {t("setup.done")}
              </Alert>
              <Anchor component={Link} to="/login">
                {t("auth.backToLogin")}
              </Anchor>
            </>
          )
        }
      </QueryContent>
    </AuthPanel>
  );
}
