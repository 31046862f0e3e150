import { AppShell, NavLink, Stack, Text } from "@mantine/core";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { Link, useMatch } from "react-router";
import type { SessionUser } from "../api/types";

function NavItem({ to, label, onNavigate }: { to: string; label: string; onNavigate: () => void }) {
  const inSection = useMatch({ path: to, end: false }) !== null;
  const onPage = useMatch({ path: to, end: true }) !== null;
  return (
    <NavLink
      component={Link}
      to={to}
      label={label}
      // Filled: the light variant's hover colours (blue.9 on blue.2) are below 4.5:1.
      variant="filled"
      active={inSection}
      aria-current={onPage ? "page" : undefined}
      onClick={onNavigate}
    />
  );
}

/** The side navigation: customer pages, staff pages, and who is logged in. */
export function Navigation({ user, onNavigate }: { user: SessionUser; onNavigate: () => void }) {
  const { t } = useTranslation();
  const financesId = useId();
  const isCustomer = !user.isStaff || user.customerId !== null;

  return (
    <>
      <AppShell.Section grow>
        <Stack gap={4}>
          {isCustomer && (
            <>
              <NavItem to="/services" label={t("nav.services")} onNavigate={onNavigate} />
              <div role="group" aria-labelledby={financesId}>
                <Text
                  id={financesId}
                  size="xs"
                  fw={700}
                  tt="uppercase"
                  c="dimmed"
                  px="sm"
                  pt="sm"
                  pb={4}
                >
                  {t("nav.finances")}
                </Text>
                <NavItem
                  to="/finances/invoices"
                  label={t("nav.invoices")}
                  onNavigate={onNavigate}
                />
              </div>
            </>
          )}
          {user.isStaff && (
            <>
              <NavItem to="/staff/customers" label={t("nav.customers")} onNavigate={onNavigate} />
              <NavItem to="/staff/jobs" label={t("nav.jobs")} onNavigate={onNavigate} />
              <NavItem to="/staff/mail" label={t("nav.mail")} onNavigate={onNavigate} />
            </>
          )}
        </Stack>
      </AppShell.Section>
      <AppShell.Section pt="sm">
        <Text size="sm" fw={600}>
          {user.name}
        </Text>
        <Text size="sm" c="dimmed">
          {user.customerName ?? user.email}
        </Text>
      </AppShell.Section>
    </>
  );
}
