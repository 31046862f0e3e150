import { Checkbox, Group, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { StatusBadge } from "../../components/StatusBadge";
import {
  ACCOUNT_PERMISSIONS,
  isAccountPermission,
  type AccountPermission,
} from "../../app/permissions";

/**
 * A permission set as the server stores it: known values only, owner alone (it implies the
 * others), read-only only without any other.
 */
export function normalise(selected: readonly string[]): AccountPermission[] {
  const known = ACCOUNT_PERMISSIONS.filter((permission) => selected.includes(permission));
  if (known.includes("owner")) return ["owner"];
  if (known.includes("readonly") && known.length > 1)
    return known.filter((permission) => permission !== "readonly");
  return known;
}

/** The next selection after ticking or unticking one box: read-only excludes the others. */
function toggle(
  selected: readonly AccountPermission[],
  permission: AccountPermission,
  checked: boolean,
): AccountPermission[] {
  if (!checked) return selected.filter((p) => p !== permission);
  if (permission === "owner") return ["owner"];
  if (permission === "readonly") return ["readonly"];
  return normalise([...selected.filter((p) => p !== "readonly"), permission]);
}

/**
 * Permission checkboxes, each with a short explanation. Owner implies all the others (they are
 * shown ticked and cannot be changed while it is); read-only excludes the others.
 */
export function PermissionFields({
  value,
  onChange,
  error,
  legend,
}: {
  value: readonly AccountPermission[];
  onChange: (value: AccountPermission[]) => void;
  error?: string | undefined;
  legend?: string;
}) {
  const { t } = useTranslation();
  const owner = value.includes("owner");
  // What the boxes show: with owner, every other permission but read-only is implied.
  const shown: string[] = owner
    ? ACCOUNT_PERMISSIONS.filter((permission) => permission !== "readonly")
    : [...value];
  return (
    <Checkbox.Group
      label={legend ?? t("access.permissions.label")}
      description={t("access.permissions.hint")}
      value={shown}
      error={error}
      onChange={(next) => {
        const added = next.find((permission) => !shown.includes(permission));
        const removed = shown.find((permission) => !next.includes(permission));
        if (added !== undefined && isAccountPermission(added)) onChange(toggle(value, added, true));
        else if (removed !== undefined && isAccountPermission(removed))
          onChange(toggle(value, removed, false));
      }}
    >
      <Stack gap="xs" mt="xs">
        {ACCOUNT_PERMISSIONS.map((permission) => (
          <Checkbox
            key={permission}
            value={permission}
            label={t(`access.permissions.${permission}`)}
            description={t(`access.permissions.${permission}Hint`)}
            disabled={owner && permission !== "owner"}
          />
        ))}
      </Stack>
    </Checkbox.Group>
  );
}

/** The permissions as badges ("Owner", "Billing"); unknown values as the server wrote them. */
export function PermissionBadges({ permissions }: { permissions: readonly string[] }) {
  const { t } = useTranslation();
  if (permissions.length === 0) return <Text size="sm">{t("access.permissions.none")}</Text>;
  return (
    <Group gap={4}>
      {permissions.map((permission) => (
        <StatusBadge key={permission} tone={permission === "owner" ? "info" : "neutral"}>
          {isAccountPermission(permission) ? t(`access.permissions.${permission}`) : permission}
        </StatusBadge>
      ))}
    </Group>
  );
}

/** The permissions as words, for sentences ("Owner, Billing"). */
export function usePermissionList() {
  const { t } = useTranslation();
  return (permissions: readonly string[]) =>
    permissions
      .map((permission) =>
        isAccountPermission(permission) ? t(`access.permissions.${permission}`) : permission,
      )
      .join(", ");
}
