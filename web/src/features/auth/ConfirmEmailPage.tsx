import { Alert, Anchor, Button, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useConfirmEmailChange } from "../profile/securityApi";
import { AuthPanel } from "./AuthPanel";
import { useSession } from "./session";

/**
 * /confirm-email?token=… — the link mailed to a new login e-mail address. Confirming takes a
 * click (a mail scanner that opens the link must not use it up).
 */
export function ConfirmEmailPage() {
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  const token = searchParams.get("token") ?? "";
  const confirm = useConfirmEmailChange();
  const session = useSession();

  return (
    <AuthPanel title={t("confirmEmail.title")}>
      {token === "" ? (
        <Alert color="red">{t("errors.auth.email_change_token_invalid")}</Alert>
      ) : confirm.isSuccess ? (
        <Stack>
          <Alert color="green" role="status">
            {t("confirmEmail.done", { email: confirm.data.email })}
          </Alert>
          <Anchor component={Link} to={session.data ? "/" : "/login"} ta="center">
            {session.data ? t("confirmEmail.continue") : t("auth.backToLogin")}
          </Anchor>
        </Stack>
      ) : (
        <Stack>
          <Text>{t("confirmEmail.intro")}</Text>
          {confirm.isError && <ErrorAlert error={confirm.error} />}
          <Button
            loading={confirm.isPending}
            onClick={() => {
              confirm.mutate(token);
            }}
          >
            {t("confirmEmail.submit")}
          </Button>
        </Stack>
      )}
    </AuthPanel>
  );
}
