import { Checkbox, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { Department } from "./api";

/** The departments a staff member belongs to: one checkbox per department. */
export function DepartmentChoice({
  departments,
  value,
  onChange,
  error,
}: {
  departments: readonly Department[];
  value: string[];
  onChange: (ids: string[]) => void;
  error?: string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <Checkbox.Group
      label={t("staffAdmin.users.departments")}
      description={t("staffAdmin.users.departmentsHint")}
      value={value}
      onChange={onChange}
      error={error}
    >
      {departments.length === 0 ? (
        <Text size="sm" mt="xs">
          {t("staffAdmin.users.noDepartments")}
        </Text>
      ) : (
        <Stack gap={6} mt="xs">
          {departments.map((department) => (
            <Checkbox key={department.id} value={department.id} label={department.name} />
          ))}
        </Stack>
      )}
    </Checkbox.Group>
  );
}
