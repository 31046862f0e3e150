import { Anchor, AppShell, Burger, Button, Group } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { Link, Outlet } from "react-router";
import { useIsPhone } from "../components/useIsPhone";
import { AccountSwitcher } from "../features/accounts/AccountSwitcher";
import { ActingBanner } from "../features/accounts/ActingBanner";
import { FlashNotice } from "../features/accounts/flash";
import { LanguageSwitcher } from "../features/auth/LanguageSwitcher";
import { useLogout, useSession } from "../features/auth/session";
import { Navigation } from "./Navigation";

/** Header (brand, language, logout), side navigation when logged in, and the page. */
export function AppLayout() {
  const { t } = useTranslation();
  const user = useSession().data?.user ?? null;
  const logout = useLogout();
  const isPhone = useIsPhone();
  const [navOpened, { toggle: toggleNav, close: closeNav }] = useDisclosure(false);
  const navId = useId();
  // On phones the collapsed navigation is only moved off-screen; hide it from keyboard and
  // screen readers too until the menu button opens it.
  const navHidden = isPhone && !navOpened;

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={
        user ? { width: 240, breakpoint: "sm", collapsed: { mobile: !navOpened } } : undefined
      }
      padding="md"
    >
      <AppShell.Header px="md">
        <Group h="100%" justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap">
            {user && (
              <Burger
                opened={navOpened}
                onClick={toggleNav}
                hiddenFrom="sm"
                size="sm"
                aria-label={t("nav.menu")}
                aria-expanded={navOpened}
                aria-controls={navId}
              />
            )}
            <Anchor component={Link} to="/" fw={700} fz="xl" c="dark" underline="never">
              {t("app.name")}
            </Anchor>
          </Group>
          <Group gap="xs" wrap="nowrap">
            {/* Phones: in the navigation instead (see Navigation). */}
            {user && !user.isStaff && !isPhone && <AccountSwitcher user={user} />}
            <LanguageSwitcher />
            {user && (
              <Button
                size="compact-sm"
                variant="default"
                loading={logout.isPending}
                onClick={() => {
                  logout.mutate();
                }}
              >
                {t("auth.logout")}
              </Button>
            )}
          </Group>
        </Group>
      </AppShell.Header>
      {user && (
        <AppShell.Navbar
          id={navId}
          p="sm"
          aria-label={t("nav.label")}
          style={navHidden ? { visibility: "hidden" } : undefined}
        >
          <Navigation user={user} onNavigate={closeNav} />
        </AppShell.Navbar>
      )}
      <AppShell.Main>
        {user?.via === "staff" && <ActingBanner user={user} />}
        <FlashNotice />
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
