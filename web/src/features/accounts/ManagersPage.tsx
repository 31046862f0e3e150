import { Alert, Button, Group, Menu, Modal, Paper, Stack, Text, TextInput } from "@mantine/core";
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import type { AccountPermission } from "../../app/permissions";
import { ErrorAlert, fieldErrorsOf } from "../../components/ErrorAlert";
import { PageTitle } from "../../components/PageTitle";
import { QueryContent } from "../../components/QueryContent";
import { ResponsiveTable, type Column } from "../../components/ResponsiveTable";
import { Section } from "../../components/Section";
import { StatusBadge, type Tone } from "../../components/StatusBadge";
import { useIsPhone } from "../../components/useIsPhone";
import { useFormat } from "../../i18n/format";
import { ProfileNav } from "../profile/ProfileNav";
import { emailError } from "../auth/validation";
import {
  useChangeManager,
  useDecideManager,
  useEndManager,
  useInviteManager,
  useManagers,
  type ManagerAccess,
  type ManagerStatus,
} from "./api";
import { ConfirmDialog } from "./ConfirmDialog";
import { normalise, PermissionBadges, PermissionFields } from "./permissions";

const STATUS_TONE: Record<ManagerStatus, Tone> = {
  active: "success",
  invited: "warning",
  requested: "info",
  revoked: "neutral",
  declined: "neutral",
};

/** "Webműhely Kft. (iroda@webmuhely.hu)", or the address alone before a login accepted. */
function managerLabel(m: ManagerAccess): string {
  return m.managerName ? `${m.managerName} (${m.email})` : m.email;
}

type Dialog =
  | { kind: "approve" | "change"; manager: ManagerAccess }
  | { kind: "decline" | "end"; manager: ManagerAccess };

/** Approving a request (its permissions can be changed first) or changing a manager's. */
function ScopeDialog({
  manager,
  approve,
  onClose,
  onDone,
}: {
  manager: ManagerAccess;
  approve: boolean;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const decide = useDecideManager();
  const change = useChangeManager();
  const mutation = approve ? decide : change;
  const [permissions, setPermissions] = useState<AccountPermission[]>(
    normalise(manager.permissions),
  );
  const [error, setError] = useState<string>();
  const label = managerLabel(manager);

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (permissions.length === 0) {
      setError(t("access.permissions.chooseOne"));
      return;
    }
    const onSuccess = () => {
      onDone(
        approve
          ? t("access.managers.approved", { manager: label })
          : t("access.managers.changed", { manager: label }),
      );
    };
    if (approve) decide.mutate({ id: manager.id, approve: true, permissions }, { onSuccess });
    else change.mutate({ id: manager.id, permissions }, { onSuccess });
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={
        approve
          ? t("access.managers.approveTitle", { manager: label })
          : t("access.managers.changeTitle", { manager: label })
      }
      fullScreen={isPhone}
      size="lg"
      closeButtonProps={{ "aria-label": t("common.close") }}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          {approve && <Text>{t("access.managers.approveText")}</Text>}
          <PermissionFields
            value={permissions}
            error={error}
            onChange={(value) => {
              setPermissions(value);
              setError(undefined);
            }}
          />
          {mutation.isError && <ErrorAlert error={mutation.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {approve ? t("access.managers.approve") : t("access.managers.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Inviting an agency's address to manage the account. */
function InviteManagerForm({ onDone }: { onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const invite = useInviteManager();
  const [email, setEmail] = useState("");
  const [permissions, setPermissions] = useState<AccountPermission[]>([]);
  const [errors, setErrors] = useState<{ email?: string; permissions?: string }>({});
  const server = fieldErrorsOf(invite.error);

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = {
      email: emailError(email, t),
      permissions: permissions.length === 0 ? t("access.permissions.chooseOne") : undefined,
    };
    setErrors(found);
    if (found.email !== undefined || found.permissions !== undefined) return;
    const address = email.trim();
    invite.mutate(
      { email: address, permissions },
      {
        onSuccess: () => {
          setEmail("");
          setPermissions([]);
          onDone(t("access.managers.invited", { email: address }));
        },
      },
    );
  };

  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm">{t("access.managers.inviteHint")}</Text>
          <TextInput
            label={t("access.managers.email")}
            type="email"
            required
            autoComplete="off"
            maxLength={320}
            value={email}
            error={errors.email ?? server.email}
            onChange={(event) => {
              setEmail(event.currentTarget.value);
              invite.reset();
            }}
          />
          <PermissionFields
            value={permissions}
            error={errors.permissions ?? server.permissions}
            onChange={(value) => {
              setPermissions(value);
              invite.reset();
            }}
          />
          {invite.isError && <ErrorAlert error={invite.error} />}
          <Group>
            <Button type="submit" loading={invite.isPending}>
              {t("access.managers.inviteSubmit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

/**
 * /profile/managers (owners, not managers themselves): the agencies that manage the account —
 * requests to decide, current managers and invitations, inviting one, and the history.
 */
export function ManagersPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const managers = useManagers();
  const decide = useDecideManager();
  const end = useEndManager();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const open = (next: Dialog) => {
    setMessage(null);
    decide.reset();
    end.reset();
    setDialog(next);
  };
  const close = () => {
    setDialog(null);
  };
  const done = (text: string) => {
    setDialog(null);
    setMessage(text);
  };

  const statusDate = (m: ManagerAccess): string => {
    switch (m.status) {
      case "active":
        return t("access.managers.since", { at: format.dateTime(m.acceptedAt ?? m.createdAt) });
      case "invited":
        return t("access.managers.invitedAt", { at: format.dateTime(m.createdAt) });
      case "requested":
        return t("access.managers.requestedAt", { at: format.dateTime(m.createdAt) });
      case "revoked":
      case "declined":
        return t("access.managers.endedAt", { at: format.dateTime(m.endedAt ?? m.createdAt) });
    }
  };
  const status = (m: ManagerAccess) => (
    <Stack gap={2} align="flex-start">
      <StatusBadge tone={STATUS_TONE[m.status]}>
        {t(`access.managers.statuses.${m.status}`)}
      </StatusBadge>
      <Text size="xs">{statusDate(m)}</Text>
    </Stack>
  );
  const who: Column<ManagerAccess> = {
    header: t("access.managers.manager"),
    cell: (m) => (
      <>
        {m.managerName ?? m.email}
        {m.managerName !== null && (
          <Text size="sm" c="dimmed">
            {m.email}
          </Text>
        )}
      </>
    ),
  };
  const scope: Column<ManagerAccess> = {
    header: t("access.permissions.label"),
    cell: (m) => <PermissionBadges permissions={m.permissions} />,
  };
  const state: Column<ManagerAccess> = {
    header: t("access.managers.status"),
    nowrap: true,
    cell: status,
  };

  const requestColumns: Column<ManagerAccess>[] = [
    who,
    { ...scope, header: t("access.managers.asksFor") },
    state,
    {
      header: t("access.managers.decision"),
      cell: (m) => (
        <Group gap="xs" wrap="nowrap">
          <Button
            size="compact-sm"
            aria-label={t("access.managers.approveOf", { manager: managerLabel(m) })}
            onClick={() => {
              open({ kind: "approve", manager: m });
            }}
          >
            {t("access.managers.approve")}
          </Button>
          <Button
            size="compact-sm"
            variant="default"
            aria-label={t("access.managers.declineOf", { manager: managerLabel(m) })}
            onClick={() => {
              open({ kind: "decline", manager: m });
            }}
          >
            {t("access.managers.decline")}
          </Button>
        </Group>
      ),
    },
  ];

  const currentColumns: Column<ManagerAccess>[] = [
    who,
    scope,
    state,
    {
      header: t("access.managers.actions"),
      cell: (m) => (
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <Button
              size="compact-sm"
              variant="default"
              aria-label={t("access.managers.actionsOf", { manager: managerLabel(m) })}
            >
              {t("access.managers.actions")}
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item
              onClick={() => {
                open({ kind: "change", manager: m });
              }}
            >
              {t("access.managers.change")}
            </Menu.Item>
            <Menu.Item
              color="red.9"
              onClick={() => {
                open({ kind: "end", manager: m });
              }}
            >
              {m.status === "invited" ? t("access.managers.withdraw") : t("access.managers.end")}
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      ),
    },
  ];

  const historyColumns: Column<ManagerAccess>[] = [who, scope, state];

  return (
    <>
      <PageTitle>{t("access.managers.title")}</PageTitle>
      <ProfileNav />
      <Text mb="xs">{t("access.managers.intro")}</Text>
      <Text mb="md">{t("access.managers.recorded")}</Text>
      {message !== null && (
        <Alert color="teal" role="status" mb="md">
          <Text size="sm">{message}</Text>
        </Alert>
      )}
      <QueryContent query={managers}>
        {({ items }) => {
          const requests = items.filter((m) => m.status === "requested");
          const current = items.filter((m) => m.status === "active" || m.status === "invited");
          const history = items.filter((m) => m.status === "revoked" || m.status === "declined");
          return (
            <>
              {requests.length > 0 && (
                <Section title={t("access.managers.requests")} first>
                  <Text mb="sm">{t("access.managers.requestsHint")}</Text>
                  <ResponsiveTable
                    label={t("access.managers.requests")}
                    rows={requests}
                    rowKey={(m) => m.id}
                    columns={requestColumns}
                  />
                </Section>
              )}
              <Section title={t("access.managers.current")} first={requests.length === 0}>
                {current.length === 0 ? (
                  <Text>{t("access.managers.none")}</Text>
                ) : (
                  <ResponsiveTable
                    label={t("access.managers.current")}
                    rows={current}
                    rowKey={(m) => m.id}
                    columns={currentColumns}
                  />
                )}
              </Section>
              <Section title={t("access.managers.invite")}>
                <InviteManagerForm onDone={done} />
              </Section>
              {history.length > 0 && (
                <Section title={t("access.managers.history")}>
                  <ResponsiveTable
                    label={t("access.managers.history")}
                    rows={history}
                    rowKey={(m) => m.id}
                    columns={historyColumns}
                  />
                </Section>
              )}
            </>
          );
        }}
      </QueryContent>
      {(dialog?.kind === "approve" || dialog?.kind === "change") && (
        <ScopeDialog
          manager={dialog.manager}
          approve={dialog.kind === "approve"}
          onClose={close}
          onDone={done}
        />
      )}
      {dialog?.kind === "decline" && (
        <ConfirmDialog
          title={t("access.managers.declineTitle", { manager: managerLabel(dialog.manager) })}
          text={t("access.managers.declineText")}
          confirm={t("access.managers.decline")}
          pending={decide.isPending}
          error={decide.error}
          onClose={close}
          onConfirm={() => {
            const label = managerLabel(dialog.manager);
            decide.mutate(
              { id: dialog.manager.id, approve: false },
              {
                onSuccess: () => {
                  done(t("access.managers.declined", { manager: label }));
                },
              },
            );
          }}
        />
      )}
      {dialog?.kind === "end" && (
        <ConfirmDialog
          title={
            dialog.manager.status === "invited"
              ? t("access.managers.withdrawTitle", { manager: managerLabel(dialog.manager) })
              : t("access.managers.endTitle", { manager: managerLabel(dialog.manager) })
          }
          text={
            dialog.manager.status === "invited"
              ? t("access.managers.withdrawText")
              : t("access.managers.endText")
          }
          confirm={
            dialog.manager.status === "invited"
              ? t("access.managers.withdraw")
              : t("access.managers.end")
          }
          pending={end.isPending}
          error={end.error}
          onClose={close}
          onConfirm={() => {
            const label = managerLabel(dialog.manager);
            end.mutate(dialog.manager.id, {
              onSuccess: () => {
                done(t("access.managers.ended", { manager: label }));
              },
            });
          }}
        />
      )}
    </>
  );
}
