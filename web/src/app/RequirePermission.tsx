import { Anchor, Group, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link, Outlet } from "react-router";
import type { SessionUser } from "../api/types";
import { PageTitle } from "../components/PageTitle";
import { useSession } from "../features/auth/session";
import { can, customerHomePath, type NeededPermission } from "./permissions";

/** A customer page the login's permissions do not open (the server would refuse it too). */
export function NotAllowedPage({ user }: { user: SessionUser }) {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle>{t("access.notAllowed.title")}</PageTitle>
      <Text mb="md">{t("access.notAllowed.text", { account: user.customerName ?? "" })}</Text>
      <Anchor component={Link} to={customerHomePath(user)}>
        {t("access.notAllowed.home")}
      </Anchor>
    </>
  );
}

/** A customer login that reaches no account now (every access it had was ended). */
export function NoAccountPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle>{t("access.noAccount.title")}</PageTitle>
      <Stack gap="sm">
        <Text>{t("access.noAccount.text")}</Text>
        <Group gap="md">
          <Anchor component={Link} to="/clients/new">
            {t("access.switcher.newClient")}
          </Anchor>
          <Anchor component={Link} to="/clients/request">
            {t("access.switcher.requestAccess")}
          </Anchor>
        </Group>
      </Stack>
    </>
  );
}

/**
 * Customer pages that need a permission (any one of `need`; owner always suffices): others get
 * a "not allowed" page instead of the server's 403s. `notForManagers`: pages about who manages
 * the account, which its managers do not see. Only used inside RequireCustomer.
 */
export function RequirePermission({
  need,
  mode = "read",
  notForManagers = false,
}: {
  need?: NeededPermission | readonly NeededPermission[];
  mode?: "read" | "write";
  notForManagers?: boolean;
}) {
  const { data } = useSession();
  if (!data) return null;
  const user = data.user;
  if (user.customerId === null) return <NoAccountPage />;
  const allowed =
    (need === undefined || can(user, need, mode)) && !(notForManagers && user.via === "manager");
  return allowed ? <Outlet /> : <NotAllowedPage user={user} />;
}
