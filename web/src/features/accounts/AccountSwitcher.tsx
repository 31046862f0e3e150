import { Button, Menu, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import type { SessionUser } from "../../api/types";
import { customerHomePath } from "../../app/permissions";
import { useMyAccounts, useSwitchAccount, type MyAccount } from "./api";

/** "Pixelgyár Kft." or, for an account the login manages, "Ügyfél Kft. – via agency". */
function accountLabel(account: MyAccount, via: string): string {
  return account.via === "manager" ? `${account.name} – ${via}` : account.name;
}

/**
 * The account menu of a customer login (not staff): the accounts it reaches, to switch between
 * (those it manages marked "via agency"), and what an agency does — open an account for a
 * client, ask for access to one. `fullWidth`: in the phone navigation rather than the header.
 */
export function AccountSwitcher({
  user,
  fullWidth = false,
  onNavigate,
}: {
  user: SessionUser;
  fullWidth?: boolean;
  onNavigate?: () => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const accounts = useMyAccounts();
  const switchAccount = useSwitchAccount();
  const items = accounts.data?.items ?? [];
  const current = items.find((account) => account.current);
  const via = t("access.switcher.viaAgency");
  const others = items.filter((account) => !account.current);

  const choose = (account: MyAccount) => {
    switchAccount.mutate(account.id, {
      onSuccess: (session) => {
        onNavigate?.();
        void navigate(customerHomePath(session.user));
      },
    });
  };

  const name = current
    ? accountLabel(current, via)
    : (user.customerName ?? t("access.switcher.noAccount"));
  return (
    <>
      <Menu position="bottom-end" withinPortal width={fullWidth ? "target" : 300}>
        <Menu.Target>
          <Button
            size="compact-sm"
            variant="default"
            fullWidth={fullWidth}
            loading={switchAccount.isPending}
            aria-label={t("access.switcher.label", { account: name })}
            maw={fullWidth ? undefined : 260}
            styles={{ label: { overflow: "hidden", textOverflow: "ellipsis" } }}
          >
            {name}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {others.length > 0 && (
            <>
              <Menu.Label>{t("access.switcher.switchTo")}</Menu.Label>
              {others.map((account) => (
                <Menu.Item
                  key={account.id}
                  onClick={() => {
                    choose(account);
                  }}
                >
                  {account.name}
                  <Text span size="xs" display="block">
                    {account.via === "manager"
                      ? t("access.switcher.managedCode", { code: account.code })
                      : t("access.switcher.code", { code: account.code })}
                  </Text>
                </Menu.Item>
              ))}
              <Menu.Divider />
            </>
          )}
          <Menu.Label>{t("access.switcher.agency")}</Menu.Label>
          <Menu.Item component={Link} to="/clients/new" onClick={onNavigate}>
            {t("access.switcher.newClient")}
          </Menu.Item>
          <Menu.Item component={Link} to="/clients/request" onClick={onNavigate}>
            {t("access.switcher.requestAccess")}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {switchAccount.isError && (
        <Text size="sm" c="red.9" role="alert">
          {t("access.switcher.failed")}
        </Text>
      )}
    </>
  );
}
