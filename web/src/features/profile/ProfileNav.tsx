import { Button, Group } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useMatch } from "react-router";
import type { SessionUser } from "../../api/types";
import { useSession } from "../auth/session";

type ProfilePage = "data" | "notifications" | "security" | "contacts" | "managers" | "activity";

const PAGES: readonly ProfilePage[] = [
  "data",
  "notifications",
  "security",
  "contacts",
  "managers",
  "activity",
];

/**
 * Which profile pages the user may open: the billing data with owner, billing or read-only
 * permission; notification addresses, contacts and managers are the owner's (managers: not for
 * the account's managers themselves); security (the login's own password and sessions) is
 * everyone's.
 */
export function profilePagesOf(user: Pick<SessionUser, "permissions" | "via">): ProfilePage[] {
  const has = (...p: string[]) => p.some((x) => user.permissions.includes(x));
  return PAGES.filter((page) => {
    switch (page) {
      case "data":
        return has("owner", "billing", "readonly");
      case "notifications":
      case "contacts":
      case "activity":
        return has("owner");
      case "managers":
        // Who manages the account is for its own owners, not for its managers.
        return has("owner") && user.via !== "manager";
      case "security":
        return true;
    }
  });
}

function ProfileLink({ page }: { page: ProfilePage }) {
  const { t } = useTranslation();
  const to = `/profile/${page}`;
  const current = useMatch({ path: to, end: false }) !== null;
  return (
    <Button
      component={Link}
      to={to}
      size="compact-md"
      variant={current ? "filled" : "default"}
      aria-current={current ? "page" : undefined}
    >
      {t(`profileNav.${page}`)}
    </Button>
  );
}

/** The profile section's own navigation, shown at the top of each profile page. */
export function ProfileNav() {
  const { t } = useTranslation();
  const { data } = useSession();
  if (!data) return null;
  return (
    <Group component="nav" aria-label={t("profileNav.label")} gap="xs" mb="lg">
      {profilePagesOf(data.user).map((page) => (
        <ProfileLink key={page} page={page} />
      ))}
    </Group>
  );
}

/** /profile: the first profile page the user may open. */
export function ProfileIndexRedirect() {
  const { data } = useSession();
  if (!data) return null;
  const [first = "security"] = profilePagesOf(data.user);
  return <Navigate to={`/profile/${first}`} replace />;
}
