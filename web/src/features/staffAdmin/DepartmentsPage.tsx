import {
  Alert,
  Button,
  EmptyState,
  Group,
  Modal,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import type { TFunction } from "i18next";
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ErrorAlert, fieldErrorsOf } from "../../components/ErrorAlert";
import { NoValue } from "../../components/NoValue";
import { PageTitle } from "../../components/PageTitle";
import { QueryContent } from "../../components/QueryContent";
import { ResponsiveTable, type Column } from "../../components/ResponsiveTable";
import { Section } from "../../components/Section";
import { useIsPhone } from "../../components/useIsPhone";
import { emailError, requiredError } from "../auth/validation";
import {
  useAddDepartment,
  useChangeDepartment,
  useDepartments,
  useRemoveDepartment,
  type Department,
} from "./api";

interface DepartmentFields {
  name: string;
  email: string;
}

/** Name required; the address is optional, but an address when given. */
function validate(fields: DepartmentFields, t: TFunction) {
  return {
    name: requiredError(fields.name, t),
    email: fields.email.trim() === "" ? undefined : emailError(fields.email, t),
  };
}

function toInput(fields: DepartmentFields) {
  const email = fields.email.trim();
  return { name: fields.name.trim(), email: email === "" ? null : email };
}

/** The department's name and its (optional) support address. */
function DepartmentFieldsInputs({
  fields,
  onChange,
  errors,
}: {
  fields: DepartmentFields;
  onChange: (fields: DepartmentFields) => void;
  errors: { name?: string | undefined; email?: string | undefined };
}) {
  const { t } = useTranslation();
  return (
    <>
      <TextInput
        label={t("staffAdmin.departments.name")}
        required
        maxLength={200}
        value={fields.name}
        error={errors.name}
        onChange={(event) => {
          onChange({ ...fields, name: event.currentTarget.value });
        }}
      />
      <TextInput
        type="email"
        label={t("staffAdmin.departments.email")}
        description={t("staffAdmin.departments.emailHint")}
        maxLength={320}
        value={fields.email}
        error={errors.email}
        onChange={(event) => {
          onChange({ ...fields, email: event.currentTarget.value });
        }}
      />
    </>
  );
}

function AddDepartmentForm() {
  const { t } = useTranslation();
  const add = useAddDepartment();
  const [fields, setFields] = useState<DepartmentFields>({ name: "", email: "" });
  const [errors, setErrors] = useState<ReturnType<typeof validate>>({
    name: undefined,
    email: undefined,
  });
  const [added, setAdded] = useState<string | null>(null);
  const serverErrors = fieldErrorsOf(add.error);

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = validate(fields, t);
    setErrors(found);
    setAdded(null);
    if (found.name !== undefined || found.email !== undefined) return;
    const input = toInput(fields);
    add.mutate(input, {
      onSuccess: () => {
        setAdded(t("staffAdmin.departments.added", { name: input.name }));
        setFields({ name: "", email: "" });
      },
    });
  };

  return (
    <form onSubmit={submit} noValidate aria-label={t("staffAdmin.departments.addTitle")}>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" mb="sm">
        <DepartmentFieldsInputs
          fields={fields}
          onChange={setFields}
          errors={{
            name: errors.name ?? serverErrors.name,
            email: errors.email ?? serverErrors.email,
          }}
        />
      </SimpleGrid>
      {add.isError && <ErrorAlert error={add.error} />}
      {added !== null && (
        <Alert color="teal" mb="sm" role="status">
          {added}
        </Alert>
      )}
      <Button type="submit" loading={add.isPending}>
        {t("staffAdmin.departments.addSubmit")}
      </Button>
    </form>
  );
}

function RenameDialog({ department, onClose }: { department: Department; onClose: () => void }) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const change = useChangeDepartment();
  const [fields, setFields] = useState<DepartmentFields>({
    name: department.name,
    email: department.email ?? "",
  });
  const [errors, setErrors] = useState<ReturnType<typeof validate>>({
    name: undefined,
    email: undefined,
  });
  const serverErrors = fieldErrorsOf(change.error);

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = validate(fields, t);
    setErrors(found);
    if (found.name !== undefined || found.email !== undefined) return;
    change.mutate({ id: department.id, ...toInput(fields) }, { onSuccess: onClose });
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={t("staffAdmin.departments.editTitle", { name: department.name })}
      fullScreen={isPhone}
      closeButtonProps={{ "aria-label": t("common.close") }}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <DepartmentFieldsInputs
            fields={fields}
            onChange={setFields}
            errors={{
              name: errors.name ?? serverErrors.name,
              email: errors.email ?? serverErrors.email,
            }}
          />
          {change.isError && <ErrorAlert error={change.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={change.isPending}>
              {t("staffAdmin.departments.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function RemoveDialog({ department, onClose }: { department: Department; onClose: () => void }) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const remove = useRemoveDepartment();
  return (
    <Modal
      opened
      onClose={onClose}
      title={t("staffAdmin.departments.removeTitle", { name: department.name })}
      fullScreen={isPhone}
      closeButtonProps={{ "aria-label": t("common.close") }}
    >
      <Stack>
        <Text>
          {t("staffAdmin.departments.removeIntro", {
            name: department.name,
            count: department.members,
          })}
        </Text>
        {remove.isError && <ErrorAlert error={remove.error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button
            color="red.9"
            loading={remove.isPending}
            onClick={() => {
              remove.mutate(department.id, { onSuccess: onClose });
            }}
          >
            {t("staffAdmin.departments.remove")}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** /staff/departments (administrators): support departments; add, rename, remove. */
export function DepartmentsPage() {
  const { t } = useTranslation();
  const departments = useDepartments();
  const [editing, setEditing] = useState<Department | null>(null);
  const [removing, setRemoving] = useState<Department | null>(null);

  const columns: Column<Department>[] = [
    { header: t("staffAdmin.departments.name"), cell: (department) => department.name },
    {
      header: t("staffAdmin.departments.email"),
      cell: (department) => department.email ?? <NoValue />,
    },
    {
      header: t("staffAdmin.departments.members"),
      cell: (department) => department.members,
      numeric: true,
    },
    {
      header: t("staffAdmin.users.actions"),
      cell: (department) => (
        <Group gap="xs" wrap="nowrap">
          <Button
            size="compact-sm"
            variant="default"
            aria-label={t("staffAdmin.departments.editOf", { name: department.name })}
            onClick={() => {
              setEditing(department);
            }}
          >
            {t("staffAdmin.departments.edit")}
          </Button>
          <Button
            size="compact-sm"
            variant="default"
            aria-label={t("staffAdmin.departments.removeOf", { name: department.name })}
            onClick={() => {
              setRemoving(department);
            }}
          >
            {t("staffAdmin.departments.remove")}
          </Button>
        </Group>
      ),
    },
  ];

  return (
    <>
      <PageTitle>{t("staffAdmin.departments.title")}</PageTitle>
      <Text mb="md">{t("staffAdmin.departments.intro")}</Text>
      <Group mb="md" gap="sm">
        <Button component={Link} to="/staff/users" variant="default">
          {t("staffAdmin.users.title")}
        </Button>
      </Group>
      <Section title={t("staffAdmin.departments.listTitle")} first>
        <QueryContent query={departments}>
          {({ items }) =>
            items.length === 0 ? (
              <EmptyState title={t("staffAdmin.departments.empty")} />
            ) : (
              <ResponsiveTable
                label={t("staffAdmin.departments.tableLabel")}
                rows={items}
                rowKey={(department) => department.id}
                columns={columns}
              />
            )
          }
        </QueryContent>
      </Section>
      <Section title={t("staffAdmin.departments.addTitle")}>
        <AddDepartmentForm />
      </Section>
      {editing !== null && (
        <RenameDialog
          key={editing.id}
          department={editing}
          onClose={() => {
            setEditing(null);
          }}
        />
      )}
      {removing !== null && (
        <RemoveDialog
          key={removing.id}
          department={removing}
          onClose={() => {
            setRemoving(null);
          }}
        />
      )}
    </>
  );
}
