import { Alert, Anchor, Button, Stack, Text, TextInput } from "@mantine/core";
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router";
import { ApiError } from "../../api/problem";
import { ErrorAlert, fieldErrorsOf } from "../../components/ErrorAlert";
import { Loading } from "../../components/Loading";
import { currentLanguage } from "../../i18n";
import { AuthPanel } from "../auth/AuthPanel";
import { PasswordField } from "../auth/PasswordField";
import { homePath } from "../auth/session";
import { MIN_PASSWORD_LENGTH, newPasswordError, requiredError } from "../auth/validation";
import { useAcceptInvitation, useInvitation, type InvitationView } from "./api";
import { PermissionBadges } from "./permissions";

/** The link is unusable: accepted or withdrawn already, expired, or not a link of ours. */
function isInvalidLink(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    (error.problem?.code === "accounts.invitation_invalid" || error.status === 400)
  );
}

function InvalidLink() {
  const { t } = useTranslation();
  return (
    <Stack>
      <Alert color="red">
        <Text fw={700} size="sm">
          {t("access.invitation.invalid")}
        </Text>
        <Text size="sm">{t("access.invitation.invalidHint")}</Text>
      </Alert>
      <Anchor component={Link} to="/login">
        {t("access.invitation.toLogin")}
      </Anchor>
    </Stack>
  );
}

interface Errors {
  name?: string | undefined;
  password?: string | undefined;
  repeat?: string | undefined;
}

function AcceptForm({ token, invitation }: { token: string; invitation: InvitationView }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const accept = useAcceptInvitation();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const server = fieldErrorsOf(accept.error);
  const wrongPassword =
    accept.error instanceof ApiError &&
    accept.error.problem?.code === "accounts.invitation_password";

  if (
    accept.error instanceof ApiError &&
    accept.error.problem?.code === "accounts.invitation_invalid"
  )
    return <InvalidLink />;

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: Errors = invitation.hasLogin
      ? { password: requiredError(password, t) }
      : {
          name: requiredError(name, t),
          password: newPasswordError(password, t),
          repeat: repeat === password ? undefined : t("access.invitation.repeatDiffers"),
        };
    setErrors(found);
    if (Object.values(found).some((error) => error !== undefined)) return;
    accept.mutate(
      invitation.hasLogin
        ? { token, password }
        : { token, password, name: name.trim(), language: currentLanguage() },
      {
        onSuccess: (session) => {
          void navigate(homePath(session.user), { replace: true });
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {invitation.hasLogin ? (
          <>
            <Text>{t("access.invitation.hasLogin", { email: invitation.email })}</Text>
            <PasswordField
              label={t("access.invitation.password")}
              autoComplete="current-password"
              required
              value={password}
              error={
                errors.password ??
                (wrongPassword ? t("errors.accounts.invitation_password") : server.password)
              }
              onChange={(event) => {
                setPassword(event.currentTarget.value);
                accept.reset();
              }}
            />
            <Anchor component={Link} to="/forgot-password" size="sm">
              {t("access.invitation.forgot")}
            </Anchor>
          </>
        ) : (
          <>
            <Text>{t("access.invitation.newLogin", { email: invitation.email })}</Text>
            <TextInput
              label={t("access.invitation.name")}
              required
              autoComplete="name"
              maxLength={200}
              value={name}
              error={errors.name ?? server.name}
              onChange={(event) => {
                setName(event.currentTarget.value);
              }}
            />
            <PasswordField
              label={t("access.invitation.newPassword")}
              description={t("auth.passwordRule", { min: MIN_PASSWORD_LENGTH })}
              autoComplete="new-password"
              required
              value={password}
              error={errors.password ?? server.password}
              onChange={(event) => {
                setPassword(event.currentTarget.value);
                accept.reset();
              }}
            />
            <PasswordField
              label={t("access.invitation.repeat")}
              autoComplete="new-password"
              required
              value={repeat}
              error={errors.repeat}
              onChange={(event) => {
                setRepeat(event.currentTarget.value);
              }}
            />
          </>
        )}
        {accept.isError && !wrongPassword && <ErrorAlert error={accept.error} />}
        <Button type="submit" loading={accept.isPending}>
          {t("access.invitation.accept")}
        </Button>
      </Stack>
    </form>
  );
}

/**
 * /invitation?token=… (public): the link of a contact or manager invitation. Says which account
 * invites and for what; accepting logs in — with the password of the address's existing login,
 * or creating that login — and opens the portal.
 */
export function InvitationPage() {
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  const token = searchParams.get("token") ?? "";
  const invitation = useInvitation(token);

  let body;
  if (token.length < 20) body = <InvalidLink />;
  else if (invitation.isPending) body = <Loading />;
  else if (invitation.isError)
    body = isInvalidLink(invitation.error) ? (
      <InvalidLink />
    ) : (
      <ErrorAlert error={invitation.error} />
    );
  else {
    const data = invitation.data;
    body = (
      <Stack>
        <Text>
          {data.kind === "manager"
            ? t("access.invitation.asManager", { account: data.accountName })
            : t("access.invitation.asContact", { account: data.accountName })}
        </Text>
        <div>
          <Text size="sm" fw={700} mb={4}>
            {t("access.invitation.permissions")}
          </Text>
          <PermissionBadges permissions={data.permissions} />
        </div>
        <AcceptForm token={token} invitation={data} />
      </Stack>
    );
  }

  return <AuthPanel title={t("access.invitation.title")}>{body}</AuthPanel>;
}
