import {
  Alert,
  Button,
  EmptyState,
  Group,
  Modal,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ErrorAlert, fieldErrorsOf } from "../../components/ErrorAlert";
import { NoValue } from "../../components/NoValue";
import { PageTitle } from "../../components/PageTitle";
import { QueryContent } from "../../components/QueryContent";
import { ResponsiveTable, type Column } from "../../components/ResponsiveTable";
import { Section } from "../../components/Section";
import { StatusBadge } from "../../components/StatusBadge";
import { useIsPhone } from "../../components/useIsPhone";
import { LANGUAGES, isLanguage, type Language } from "../../i18n";
import { useFormat } from "../../i18n/format";
import { useSession } from "../auth/session";
import { emailError, requiredError } from "../auth/validation";
import {
  STAFF_ROLES,
  useAddStaffUser,
  useChangeStaffUser,
  useDepartments,
  useStaffUsers,
  type Department,
  type StaffRole,
  type StaffUser,
  type StaffUserChange,
} from "./api";
import { DepartmentChoice } from "./DepartmentChoice";

function isStaffRole(value: string): value is StaffRole {
  return STAFF_ROLES.some((role) => role === value);
}

/** The role picker, with what the chosen role may do under it. */
function RoleSelect({
  value,
  onChange,
}: {
  value: StaffRole;
  onChange: (role: StaffRole) => void;
}) {
  const { t } = useTranslation();
  return (
    <NativeSelect
      label={t("staffAdmin.users.role")}
      description={t(`staffAdmin.roleHelp.${value}`)}
      value={value}
      onChange={(event) => {
        const next = event.currentTarget.value;
        if (isStaffRole(next)) onChange(next);
      }}
      data={STAFF_ROLES.map((role) => ({ value: role, label: t(`staffAdmin.roles.${role}`) }))}
    />
  );
}

function AddStaffForm({ departments }: { departments: readonly Department[] }) {
  const { t, i18n } = useTranslation();
  const add = useAddStaffUser();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<StaffRole>("support");
  const [language, setLanguage] = useState<Language>(
    isLanguage(i18n.language) ? i18n.language : "hu",
  );
  const [departmentIds, setDepartmentIds] = useState<string[]>([]);
  const [errors, setErrors] = useState<{ email?: string; name?: string }>({});
  const [added, setAdded] = useState<string | null>(null);
  const serverErrors = fieldErrorsOf(add.error);

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmedEmail = email.trim();
    const trimmedName = name.trim();
    const found = { email: emailError(email, t), name: requiredError(name, t) };
    setErrors(found);
    setAdded(null);
    if (found.email !== undefined || found.name !== undefined) return;
    add.mutate(
      { email: trimmedEmail, name: trimmedName, role, language, departmentIds },
      {
        onSuccess: () => {
          setAdded(t("staffAdmin.users.added", { name: trimmedName, email: trimmedEmail }));
          setEmail("");
          setName("");
          setDepartmentIds([]);
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-label={t("staffAdmin.users.addTitle")}>
      <Text mb="sm">{t("staffAdmin.users.addIntro")}</Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" mb="sm">
        <TextInput
          type="email"
          label={t("staffAdmin.users.email")}
          required
          autoComplete="off"
          maxLength={320}
          value={email}
          error={errors.email ?? serverErrors.email}
          onChange={(event) => {
            setEmail(event.currentTarget.value);
          }}
        />
        <TextInput
          label={t("staffAdmin.users.name")}
          required
          autoComplete="off"
          maxLength={200}
          value={name}
          error={errors.name ?? serverErrors.name}
          onChange={(event) => {
            setName(event.currentTarget.value);
          }}
        />
        <RoleSelect value={role} onChange={setRole} />
        <NativeSelect
          label={t("staffAdmin.users.language")}
          description={t("staffAdmin.users.languageHint")}
          value={language}
          onChange={(event) => {
            const next = event.currentTarget.value;
            if (isLanguage(next)) setLanguage(next);
          }}
          data={LANGUAGES.map((code) => ({ value: code, label: t(`language.${code}`) }))}
        />
      </SimpleGrid>
      <Stack mb="sm">
        <DepartmentChoice
          departments={departments}
          value={departmentIds}
          onChange={setDepartmentIds}
          error={serverErrors.departmentIds}
        />
      </Stack>
      {add.isError && <ErrorAlert error={add.error} />}
      {added !== null && (
        <Alert color="teal" mb="sm" role="status">
          {added}
        </Alert>
      )}
      <Button type="submit" loading={add.isPending}>
        {t("staffAdmin.users.addSubmit")}
      </Button>
    </form>
  );
}

/** Changes a member's name, role and departments; sends only what changed. */
function EditStaffDialog({
  user,
  departments,
  onClose,
}: {
  user: StaffUser;
  departments: readonly Department[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const change = useChangeStaffUser();
  const [name, setName] = useState(user.name);
  const [role, setRole] = useState<StaffRole>(user.role);
  const [departmentIds, setDepartmentIds] = useState<string[]>(user.departmentIds);
  const [nameError, setNameError] = useState<string | undefined>();
  const serverErrors = fieldErrorsOf(change.error);

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmed = name.trim();
    const missing = requiredError(name, t);
    setNameError(missing);
    if (missing !== undefined) return;
    const sameDepartments =
      departmentIds.length === user.departmentIds.length &&
      departmentIds.every((id) => user.departmentIds.includes(id));
    const body: StaffUserChange = {
      ...(trimmed !== user.name ? { name: trimmed } : {}),
      ...(role !== user.role ? { role } : {}),
      ...(sameDepartments ? {} : { departmentIds }),
    };
    if (Object.keys(body).length === 0) {
      onClose();
      return;
    }
    change.mutate({ id: user.id, ...body }, { onSuccess: onClose });
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={t("staffAdmin.users.editTitle", { name: user.name })}
      fullScreen={isPhone}
      closeButtonProps={{ "aria-label": t("common.close") }}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text size="sm" c="dimmed">
            {user.email}
          </Text>
          <TextInput
            label={t("staffAdmin.users.name")}
            required
            maxLength={200}
            value={name}
            error={nameError ?? serverErrors.name}
            onChange={(event) => {
              setName(event.currentTarget.value);
            }}
          />
          <RoleSelect value={role} onChange={setRole} />
          <DepartmentChoice
            departments={departments}
            value={departmentIds}
            onChange={setDepartmentIds}
            error={serverErrors.departmentIds}
          />
          {change.isError && <ErrorAlert error={change.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={change.isPending}>
              {t("staffAdmin.users.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Asks before disabling (sessions end at once) or enabling a member's login. */
function DisableDialog({ user, onClose }: { user: StaffUser; onClose: () => void }) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const change = useChangeStaffUser();
  const disable = !user.disabled;

  return (
    <Modal
      opened
      onClose={onClose}
      title={
        disable
          ? t("staffAdmin.users.disableTitle", { name: user.name })
          : t("staffAdmin.users.enableTitle", { name: user.name })
      }
      fullScreen={isPhone}
      closeButtonProps={{ "aria-label": t("common.close") }}
    >
      <Stack>
        <Text>
          {disable
            ? t("staffAdmin.users.disableIntro", { name: user.name })
            : t("staffAdmin.users.enableIntro", { name: user.name })}
        </Text>
        {change.isError && <ErrorAlert error={change.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button
            color={disable ? "red.9" : undefined}
            loading={change.isPending}
            onClick={() => {
              change.mutate({ id: user.id, disabled: disable }, { onSuccess: onClose });
            }}
          >
            {disable ? t("staffAdmin.users.disable") : t("staffAdmin.users.enable")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** /staff/users (administrators): staff members, their roles and departments; add, change, disable. */
export function StaffUsersPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const users = useStaffUsers();
  const departmentList = useDepartments();
  const me = useSession().data?.user.id ?? null;
  const [editing, setEditing] = useState<StaffUser | null>(null);
  const [toggling, setToggling] = useState<StaffUser | null>(null);

  const departments = departmentList.data?.items ?? [];
  const departmentName = (id: string) => departments.find((d) => d.id === id)?.name ?? id;

  const columns: Column<StaffUser>[] = [
    {
      header: t("staffAdmin.users.name"),
      cell: (user) => (
        <>
          {user.name}
          {user.id === me && (
            <Text component="span" size="sm" c="dimmed">
              {" "}
              {t("staffAdmin.users.you")}
            </Text>
          )}
        </>
      ),
    },
    { header: t("staffAdmin.users.email"), cell: (user) => user.email },
    { header: t("staffAdmin.users.role"), cell: (user) => t(`staffAdmin.roles.${user.role}`) },
    {
      header: t("staffAdmin.users.departments"),
      cell: (user) =>
        user.departmentIds.length === 0 ? (
          <NoValue />
        ) : (
          user.departmentIds.map(departmentName).join(", ")
        ),
    },
    {
      header: t("staffAdmin.users.status"),
      cell: (user) =>
        user.disabled ? (
          <StatusBadge tone="neutral">{t("staffAdmin.users.disabled")}</StatusBadge>
        ) : (
          <StatusBadge tone="success">{t("staffAdmin.users.active")}</StatusBadge>
        ),
    },
    {
      header: t("staffAdmin.users.lastSeen"),
      cell: (user) =>
        user.lastSeenAt === null ? t("staffAdmin.users.never") : format.dateTime(user.lastSeenAt),
      nowrap: true,
    },
    {
      header: t("staffAdmin.users.actions"),
      cell: (user) => (
        <Group gap="xs" wrap="nowrap">
          <Button
            size="compact-sm"
            variant="default"
            aria-label={t("staffAdmin.users.editOf", { name: user.name })}
            onClick={() => {
              setEditing(user);
            }}
          >
            {t("staffAdmin.users.edit")}
          </Button>
          {user.id !== me && (
            <Button
              size="compact-sm"
              variant="default"
              aria-label={
                user.disabled
                  ? t("staffAdmin.users.enableOf", { name: user.name })
                  : t("staffAdmin.users.disableOf", { name: user.name })
              }
              onClick={() => {
                setToggling(user);
              }}
            >
              {user.disabled ? t("staffAdmin.users.enable") : t("staffAdmin.users.disable")}
            </Button>
          )}
        </Group>
      ),
    },
  ];

  return (
    <>
      <PageTitle>{t("staffAdmin.users.title")}</PageTitle>
      <Group mb="md" gap="sm">
        <Button component={Link} to="/staff/departments" variant="default">
          {t("staffAdmin.departments.title")}
        </Button>
        <Button component={Link} to="/staff/audit?action=staff." variant="default">
          {t("staffAdmin.users.changesInAudit")}
        </Button>
      </Group>
      <Section title={t("staffAdmin.users.listTitle")} first>
        <QueryContent query={users}>
          {({ items }) =>
            items.length === 0 ? (
              <EmptyState title={t("staffAdmin.users.empty")} />
            ) : (
              <ResponsiveTable
                label={t("staffAdmin.users.tableLabel")}
                rows={items}
                rowKey={(user) => user.id}
                columns={columns}
              />
            )
          }
        </QueryContent>
      </Section>
      <Section title={t("staffAdmin.users.addTitle")}>
        <AddStaffForm departments={departments} />
      </Section>
      {editing !== null && (
        <EditStaffDialog
          // A fresh form for each member opened.
          key={editing.id}
          user={editing}
          departments={departments}
          onClose={() => {
            setEditing(null);
          }}
        />
      )}
      {toggling !== null && (
        <DisableDialog
          key={toggling.id}
          user={toggling}
          onClose={() => {
            setToggling(null);
          }}
        />
      )}
    </>
  );
}
