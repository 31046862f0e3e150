import {
  Alert,
  Button,
  Fieldset,
  Group,
  NativeSelect,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/problem";
import { ErrorAlert, fieldErrorsOf } from "../../components/ErrorAlert";
import {
  useSaveNotificationAddresses,
  type NotificationAddresses,
  type NotificationAddressesChange,
  type NotificationType,
  type SettingsOwner,
} from "./settingsApi";

/** At most this many recipients per type (the server's limit). */
const MAX_ROWS = 3;
/** The select's value for "an address of its own" (contact ids never look like this). */
const OWN_ADDRESS = "own-address";

interface Row {
  key: number;
  /** A contact's id, or OWN_ADDRESS. */
  choice: string;
  email: string;
}
type Rows = Record<NotificationType, Row[]>;

let nextKey = 0;

function rowsOf(data: NotificationAddresses): Rows {
  const rows = {} as Rows;
  for (const t of data.types) {
    rows[t.type] = t.targets.map((target) =>
      target.kind === "contact"
        ? { key: ++nextKey, choice: target.contactId, email: "" }
        : { key: ++nextKey, choice: OWN_ADDRESS, email: target.email },
    );
  }
  return rows;
}

function bodyOf(rows: Rows): NotificationAddressesChange {
  const types: NotificationAddressesChange["types"] = {};
  for (const [type, list] of Object.entries(rows) as [NotificationType, Row[]][]) {
    types[type] = list.map((r) =>
      r.choice === OWN_ADDRESS ? { email: r.email.trim() } : { contactId: r.choice },
    );
  }
  return { types };
}

/**
 * Where each type of e-mail to the account goes: up to three contacts or addresses per type.
 * The form of Profile → Notifications, also used by staff on a customer's page (`owner` picks
 * the API: the customer's own or the staff route for that customer).
 */
export function NotificationAddressesForm({
  owner,
  data,
}: {
  owner: SettingsOwner;
  data: NotificationAddresses;
}) {
  const { t } = useTranslation();
  const save = useSaveNotificationAddresses(owner);
  const [rows, setRows] = useState<Rows>(() => rowsOf(data));
  const [blank, setBlank] = useState<Set<number>>(new Set());
  // Field errors from the last answer, by path below the body (types.invoices.0.email).
  const serverErrors = save.error instanceof ApiError ? fieldErrorsOf(save.error) : {};
  const refused =
    save.error instanceof ApiError &&
    (save.error.problem?.code === "accounts.notification_addresses_invalid" ||
      save.error.problem?.code === "accounts.unknown_contact");

  const update = (type: NotificationType, change: (list: Row[]) => Row[]) => {
    setRows((previous) => ({ ...previous, [type]: change(previous[type]) }));
  };

  const rowError = (type: NotificationType, index: number, row: Row): string | undefined => {
    if (blank.has(row.key)) return t("validation.required");
    const at = `types.${type}.${index}`;
    if (serverErrors[`${at}.email`] !== undefined) return t("profileNotifications.invalid.email");
    if (serverErrors[`${at}.contactId`] !== undefined)
      return t("profileNotifications.invalid.contact");
    if (serverErrors[at] !== undefined) return t("profileNotifications.invalid.duplicate");
    return undefined;
  };

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const empty = new Set<number>();
    for (const list of Object.values(rows))
      for (const r of list) if (r.choice === OWN_ADDRESS && r.email.trim() === "") empty.add(r.key);
    setBlank(empty);
    if (empty.size > 0) return;
    save.mutate(bodyOf(rows), {
      onSuccess: (result) => {
        setRows(rowsOf(result));
      },
    });
  };

  const contactOptions = [
    ...data.contacts.map((c) => ({ value: c.id, label: `${c.name} <${c.email}>` })),
    { value: OWN_ADDRESS, label: t("profileNotifications.ownAddress") },
  ];

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text>
          {owner.kind === "me"
            ? t("profileNotifications.intro")
            : t("profileNotifications.staffIntro")}
        </Text>
        <Text size="sm">{t("profileNotifications.personal")}</Text>
        {data.types.map(({ type, recipients, targets }) => {
          const typeName = t(`profileNotifications.type.${type}`);
          const list = rows[type];
          const tooMany = serverErrors[`types.${type}`] !== undefined;
          return (
            <Fieldset key={type} legend={typeName}>
              <Stack gap="sm">
                <Text size="sm">{t(`profileNotifications.about.${type}`)}</Text>
                <Text size="sm" c="dark.6">
                  {targets.length === 0
                    ? t("profileNotifications.nowDefault", { recipients: recipients.join(", ") })
                    : t("profileNotifications.now", { recipients: recipients.join(", ") })}
                </Text>
                {list.map((row, index) => {
                  const n = index + 1;
                  const error = rowError(type, index, row);
                  return (
                    <Group key={row.key} align="flex-end" gap="sm" wrap="wrap">
                      <NativeSelect
                        label={t("profileNotifications.recipient", { type: typeName, n })}
                        data={contactOptions}
                        value={row.choice}
                        error={row.choice === OWN_ADDRESS ? undefined : error}
                        style={{ flex: "1 1 16rem" }}
                        onChange={(event) => {
                          const choice = event.currentTarget.value;
                          update(type, (l) =>
                            l.map((r) => (r.key === row.key ? { ...r, choice } : r)),
                          );
                        }}
                      />
                      {row.choice === OWN_ADDRESS && (
                        <TextInput
                          type="email"
                          label={t("profileNotifications.address", { type: typeName, n })}
                          autoComplete="email"
                          maxLength={254}
                          required
                          value={row.email}
                          error={error}
                          style={{ flex: "1 1 16rem" }}
                          onChange={(event) => {
                            const email = event.currentTarget.value;
                            update(type, (l) =>
                              l.map((r) => (r.key === row.key ? { ...r, email } : r)),
                            );
                          }}
                        />
                      )}
                      <Button
                        variant="default"
                        aria-label={t("profileNotifications.remove", { type: typeName, n })}
                        onClick={() => {
                          update(type, (l) => l.filter((r) => r.key !== row.key));
                        }}
                      >
                        {t("profileNotifications.removeShort")}
                      </Button>
                    </Group>
                  );
                })}
                {tooMany && (
                  <Text size="sm" c="red.9">
                    {t("profileNotifications.invalid.tooMany", { max: MAX_ROWS })}
                  </Text>
                )}
                {list.length < MAX_ROWS && (
                  <Group>
                    <Button
                      variant="default"
                      onClick={() => {
                        const first = data.contacts[0]?.id ?? OWN_ADDRESS;
                        update(type, (l) => [...l, { key: ++nextKey, choice: first, email: "" }]);
                      }}
                    >
                      {t("profileNotifications.add", { type: typeName })}
                    </Button>
                  </Group>
                )}
              </Stack>
            </Fieldset>
          );
        })}
        {save.isError &&
          (refused ? (
            <Alert color="red" c="dark.9">
              {t("profileNotifications.fixErrors")}
            </Alert>
          ) : (
            <ErrorAlert error={save.error} />
          ))}
        {save.isSuccess && (
          <Alert color="green" c="dark.9" role="status">
            {t("profileNotifications.saved")}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t("profileNotifications.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
