import { Button, Checkbox, Group, Modal, Stack, Text, TextInput } from "@mantine/core";
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import type { AccountPermission } from "../../app/permissions";
import { ErrorAlert, fieldErrorsOf } from "../../components/ErrorAlert";
import { useIsPhone } from "../../components/useIsPhone";
import { currentLanguage } from "../../i18n";
import { emailError, requiredError } from "../auth/validation";
import { useAddContact, useChangeContact, type AccountContact } from "./api";
import { normalise, PermissionFields } from "./permissions";

interface Fields {
  name: string;
  email: string;
  phone: string;
  permissions: AccountPermission[];
  invite: boolean;
}
type Errors = Partial<Record<"name" | "email" | "permissions", string>>;

/**
 * Adds a contact (invited by e-mail to create its login, unless unticked), or changes one's
 * name, phone and permissions. `onDone` gets the sentence to show on the page.
 */
export function ContactDialog({
  contact,
  onClose,
  onDone,
}: {
  /** The contact to change; none: a new one. */
  contact: AccountContact | null;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const add = useAddContact();
  const change = useChangeContact();
  const mutation = contact ? change : add;
  const [fields, setFields] = useState<Fields>({
    name: contact?.name ?? "",
    email: contact?.email ?? "",
    phone: contact?.phone ?? "",
    permissions: normalise(contact?.permissions ?? []),
    invite: true,
  });
  const [errors, setErrors] = useState<Errors>({});
  const server = fieldErrorsOf(mutation.error);

  const set = (patch: Partial<Fields>) => {
    setFields((previous) => ({ ...previous, ...patch }));
  };

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: Errors = {
      name: requiredError(fields.name, t),
      email: contact ? undefined : emailError(fields.email, t),
      permissions: fields.permissions.length === 0 ? t("access.permissions.chooseOne") : undefined,
    };
    setErrors(found);
    if (Object.values(found).some((error) => error !== undefined)) return;
    const phone = fields.phone.trim() === "" ? null : fields.phone.trim();
    if (contact) {
      change.mutate(
        {
          id: contact.id,
          body: { name: fields.name.trim(), phone, permissions: fields.permissions },
        },
        {
          onSuccess: () => {
            onDone(t("access.contacts.changed", { name: fields.name.trim() }));
          },
        },
      );
    } else {
      add.mutate(
        {
          name: fields.name.trim(),
          email: fields.email.trim(),
          phone,
          permissions: fields.permissions,
          invite: fields.invite,
          language: currentLanguage(),
        },
        {
          onSuccess: () => {
            onDone(
              fields.invite
                ? t("access.contacts.addedInvited", { email: fields.email.trim() })
                : t("access.contacts.added", { name: fields.name.trim() }),
            );
          },
        },
      );
    }
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={
        contact ? t("access.contacts.editTitle", { name: contact.name }) : t("access.contacts.add")
      }
      fullScreen={isPhone}
      size="lg"
      closeButtonProps={{ "aria-label": t("common.close") }}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label={t("access.contacts.name")}
            required
            autoComplete="off"
            maxLength={200}
            value={fields.name}
            error={errors.name ?? server.name}
            onChange={(event) => {
              set({ name: event.currentTarget.value });
            }}
          />
          {contact ? (
            <Text size="sm">
              {t("access.contacts.email")}: {contact.email}
            </Text>
          ) : (
            <TextInput
              label={t("access.contacts.email")}
              type="email"
              required
              autoComplete="off"
              maxLength={320}
              value={fields.email}
              error={errors.email ?? server.email}
              onChange={(event) => {
                set({ email: event.currentTarget.value });
              }}
            />
          )}
          <TextInput
            label={t("access.contacts.phone")}
            type="tel"
            autoComplete="off"
            maxLength={40}
            value={fields.phone}
            error={server.phone}
            onChange={(event) => {
              set({ phone: event.currentTarget.value });
            }}
          />
          <PermissionFields
            value={fields.permissions}
            error={errors.permissions ?? server.permissions}
            onChange={(permissions) => {
              set({ permissions });
            }}
          />
          {!contact && (
            <Checkbox
              label={t("access.contacts.invite")}
              description={t("access.contacts.inviteHint")}
              checked={fields.invite}
              onChange={(event) => {
                set({ invite: event.currentTarget.checked });
              }}
            />
          )}
          {mutation.isError && <ErrorAlert error={mutation.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {contact ? t("access.contacts.save") : t("access.contacts.addSubmit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
