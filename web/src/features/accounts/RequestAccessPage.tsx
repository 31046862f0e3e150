import { Alert, Button, Group, Stack, Text, TextInput } from "@mantine/core";
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import type { AccountPermission } from "../../app/permissions";
import { ErrorAlert, fieldErrorsOf } from "../../components/ErrorAlert";
import { PageTitle } from "../../components/PageTitle";
import { emailError, requiredError } from "../auth/validation";
import { useRequestAccess } from "./api";
import { PermissionFields } from "./permissions";

interface Errors {
  customerCode?: string | undefined;
  ownerEmail?: string | undefined;
  permissions?: string | undefined;
}

/**
 * /clients/request: an agency asks for manager access to an existing account, by its customer
 * code and an owner's e-mail address. The answer never tells whether they matched; when they
 * do, the owners are asked by e-mail and decide on their Managers page.
 */
export function RequestAccessPage() {
  const { t } = useTranslation();
  const request = useRequestAccess();
  const [customerCode, setCustomerCode] = useState("");
  const [ownerEmail, setOwnerEmail] = useState("");
  const [permissions, setPermissions] = useState<AccountPermission[]>([]);
  const [errors, setErrors] = useState<Errors>({});
  const server = fieldErrorsOf(request.error);

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: Errors = {
      customerCode: requiredError(customerCode, t),
      ownerEmail: emailError(ownerEmail, t),
      permissions: permissions.length === 0 ? t("access.permissions.chooseOne") : undefined,
    };
    setErrors(found);
    if (Object.values(found).some((error) => error !== undefined)) return;
    request.mutate({
      customerCode: customerCode.trim(),
      ownerEmail: ownerEmail.trim(),
      permissions,
    });
  };

  return (
    <>
      <PageTitle>{t("access.request.title")}</PageTitle>
      <Text mb="md">{t("access.request.intro")}</Text>
      {request.isSuccess ? (
        <Stack maw={640}>
          <Alert color="teal" role="status">
            <Text size="sm">{t("access.request.sent")}</Text>
          </Alert>
          <Group>
            <Button
              variant="default"
              onClick={() => {
                request.reset();
                setCustomerCode("");
                setOwnerEmail("");
              }}
            >
              {t("access.request.another")}
            </Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack maw={640}>
            <TextInput
              label={t("access.request.customerCode")}
              description={t("access.request.customerCodeHint")}
              required
              autoComplete="off"
              maxLength={20}
              value={customerCode}
              error={errors.customerCode ?? server.customerCode}
              onChange={(event) => {
                setCustomerCode(event.currentTarget.value);
              }}
            />
            <TextInput
              label={t("access.request.ownerEmail")}
              description={t("access.request.ownerEmailHint")}
              type="email"
              required
              autoComplete="off"
              maxLength={320}
              value={ownerEmail}
              error={errors.ownerEmail ?? server.ownerEmail}
              onChange={(event) => {
                setOwnerEmail(event.currentTarget.value);
              }}
            />
            <PermissionFields
              legend={t("access.request.permissions")}
              value={permissions}
              error={errors.permissions ?? server.permissions}
              onChange={setPermissions}
            />
            {request.isError && <ErrorAlert error={request.error} />}
            <Group>
              <Button type="submit" loading={request.isPending}>
                {t("access.request.submit")}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </>
  );
}
