import { Alert, Button, Group, Menu, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/ErrorAlert";
import { NoValue } from "../../components/NoValue";
import { PageTitle } from "../../components/PageTitle";
import { QueryContent } from "../../components/QueryContent";
import { ResponsiveTable, type Column } from "../../components/ResponsiveTable";
import { StatusBadge, type Tone } from "../../components/StatusBadge";
import { useFormat } from "../../i18n/format";
import { ProfileNav } from "../profile/ProfileNav";
import {
  useContacts,
  useReinviteContact,
  useRemoveContact,
  type AccountContact,
  type ContactStatus,
} from "./api";
import { ConfirmDialog } from "./ConfirmDialog";
import { ContactDialog } from "./ContactDialog";
import { PermissionBadges } from "./permissions";

const STATUS_TONE: Record<ContactStatus, Tone> = {
  active: "success",
  invited: "warning",
  no_login: "neutral",
};

type Dialog =
  | { kind: "add" }
  | { kind: "edit"; contact: AccountContact }
  | { kind: "remove"; contact: AccountContact };

function ContactActions({
  contact,
  onOpen,
  onReinvite,
}: {
  contact: AccountContact;
  onOpen: (dialog: Dialog) => void;
  onReinvite: (contact: AccountContact) => void;
}) {
  const { t } = useTranslation();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button
          size="compact-sm"
          variant="default"
          aria-label={t("access.contacts.actionsOf", { name: contact.name })}
        >
          {t("access.contacts.actions")}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item
          onClick={() => {
            onOpen({ kind: "edit", contact });
          }}
        >
          {t("access.contacts.edit")}
        </Menu.Item>
        {contact.status !== "active" && (
          <Menu.Item
            onClick={() => {
              onReinvite(contact);
            }}
          >
            {contact.status === "invited"
              ? t("access.contacts.resend")
              : t("access.contacts.sendInvitation")}
          </Menu.Item>
        )}
        <Menu.Item
          color="red.9"
          onClick={() => {
            onOpen({ kind: "remove", contact });
          }}
        >
          {t("access.contacts.remove")}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

/**
 * /profile/contacts (owners): who belongs to the account, what each may do and whether they
 * can log in; add (with an e-mail invitation), change, remove, invite again.
 */
export function ContactsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const contacts = useContacts();
  const remove = useRemoveContact();
  const reinvite = useReinviteContact();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const close = () => {
    remove.reset();
    setDialog(null);
  };
  const done = (text: string) => {
    setDialog(null);
    setMessage(text);
  };
  const sendInvitation = (contact: AccountContact) => {
    setMessage(null);
    reinvite.mutate(contact.id, {
      onSuccess: () => {
        setMessage(t("access.contacts.invitationSent", { email: contact.email }));
      },
    });
  };

  const columns: Column<AccountContact>[] = [
    {
      header: t("access.contacts.name"),
      cell: (contact) => (
        <>
          {contact.name}
          {contact.isPrimary && (
            <Text span size="sm" c="dimmed">
              {" "}
              ({t("access.contacts.primary")})
            </Text>
          )}
        </>
      ),
    },
    { header: t("access.contacts.email"), cell: (contact) => contact.email },
    { header: t("access.contacts.phone"), cell: (contact) => contact.phone ?? <NoValue /> },
    {
      header: t("access.permissions.label"),
      cell: (contact) => <PermissionBadges permissions={contact.permissions} />,
    },
    {
      header: t("access.contacts.status"),
      nowrap: true,
      cell: (contact) => (
        <Stack gap={2} align="flex-start">
          <StatusBadge tone={STATUS_TONE[contact.status]}>
            {t(`access.contacts.statuses.${contact.status}`)}
          </StatusBadge>
          {contact.status === "invited" && contact.invitedAt !== null && (
            <Text size="xs">
              {t("access.contacts.invitedAt", { at: format.dateTime(contact.invitedAt) })}
            </Text>
          )}
        </Stack>
      ),
    },
    {
      header: t("access.contacts.actions"),
      cell: (contact) => (
        <ContactActions contact={contact} onOpen={setDialog} onReinvite={sendInvitation} />
      ),
    },
  ];

  return (
    <>
      <PageTitle>{t("access.contacts.title")}</PageTitle>
      <ProfileNav />
      <Text mb="md">{t("access.contacts.intro")}</Text>
      <Group mb="md">
        <Button
          onClick={() => {
            setMessage(null);
            setDialog({ kind: "add" });
          }}
        >
          {t("access.contacts.add")}
        </Button>
      </Group>
      {message !== null && (
        <Alert color="teal" role="status" mb="md">
          <Text size="sm">{message}</Text>
        </Alert>
      )}
      {reinvite.isError && <ErrorAlert error={reinvite.error} />}
      <QueryContent query={contacts}>
        {({ items }) => (
          <ResponsiveTable
            label={t("access.contacts.tableLabel")}
            rows={items}
            rowKey={(contact) => contact.id}
            columns={columns}
          />
        )}
      </QueryContent>
      {(dialog?.kind === "add" || dialog?.kind === "edit") && (
        <ContactDialog
          contact={dialog.kind === "edit" ? dialog.contact : null}
          onClose={close}
          onDone={done}
        />
      )}
      {dialog?.kind === "remove" && (
        <ConfirmDialog
          title={t("access.contacts.removeTitle", { name: dialog.contact.name })}
          text={t("access.contacts.removeText", { name: dialog.contact.name })}
          confirm={t("access.contacts.remove")}
          pending={remove.isPending}
          error={remove.error}
          onClose={close}
          onConfirm={() => {
            const { contact } = dialog;
            remove.mutate(contact.id, {
              onSuccess: () => {
                done(t("access.contacts.removed", { name: contact.name }));
                remove.reset();
              },
            });
          }}
        />
      )}
    </>
  );
}
