import { AppShell, NavLink, ScrollArea, Stack, Text } from "@mantine/core";
import { useId, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, matchPath, useLocation, useMatch } from "react-router";
import type { SessionUser } from "../api/types";
import { useIsPhone } from "../components/useIsPhone";
import { AccountSwitcher } from "../features/accounts/AccountSwitcher";
import { can } from "./permissions";

function NavItem({
  to,
  label,
  onNavigate,
  exact = false,
  also = [],
}: {
  to: string;
  label: string;
  onNavigate: () => void;
  /** Active on this page only, not below it (a sibling entry covers some pages below). */
  exact?: boolean;
  /** Other sections the entry is active in (with `exact`: its own pages below it). */
  also?: readonly string[];
}) {
  const { pathname } = useLocation();
  const inSection =
    matchPath({ path: to, end: exact }, pathname) !== null ||
    also.some((path) => matchPath({ path, end: false }, pathname) !== null);
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

/** A labelled group of navigation links ("Finances": My invoices, Statement). */
function NavGroup({ label, children }: { label: string; children: ReactNode }) {
  const id = useId();
  return (
    <div role="group" aria-labelledby={id}>
      <Text id={id} size="xs" fw={700} tt="uppercase" c="dimmed" px="sm" pt="sm" pb={4}>
        {label}
      </Text>
      {children}
    </div>
  );
}

/** The side navigation: customer pages, staff pages, and who is logged in. */
export function Navigation({ user, onNavigate }: { user: SessionUser; onNavigate: () => void }) {
  const { t } = useTranslation();
  const isCustomer = !user.isStaff || user.customerId !== null;
  const isPhone = useIsPhone();

  return (
    <>
      {/* Scrolls when the links are taller than the window (staff have many). */}
      <AppShell.Section grow component={ScrollArea} type="auto" offsetScrollbars>
        <Stack gap={4}>
          {isCustomer && (
            <>
              {/* On phones the account menu lives here, the header has no room for it. */}
              {isPhone && !user.isStaff && (
                <AccountSwitcher user={user} fullWidth onNavigate={onNavigate} />
              )}
              {/* Only what the account's permissions open (the same rule as the routes). */}
              {can(user, ["technical", "domains", "billing"]) && (
                <NavItem to="/services" label={t("nav.services")} onNavigate={onNavigate} />
              )}
              {user.customerId !== null && (
                <NavItem to="/notices" label={t("nav.notices")} onNavigate={onNavigate} />
              )}
              {can(user, ["technical", "domains"], "write") && (
                <NavItem to="/order" label={t("nav.order")} onNavigate={onNavigate} />
              )}
              {can(user, "billing") && (
                <NavGroup label={t("nav.finances")}>
                  <NavItem
                    to="/finances/documents"
                    label={t("nav.invoices")}
                    onNavigate={onNavigate}
                  />
                  <NavItem
                    to="/finances/statement"
                    label={t("nav.statement")}
                    onNavigate={onNavigate}
                  />
                  <NavItem
                    to="/finances/payments"
                    label={t("nav.myPayments")}
                    onNavigate={onNavigate}
                  />
                </NavGroup>
              )}
              <NavItem to="/profile" label={t("nav.profile")} onNavigate={onNavigate} />
            </>
          )}
          {user.isStaff && (
            <>
              <NavItem to="/staff/customers" label={t("nav.customers")} onNavigate={onNavigate} />
              <NavGroup label={t("nav.lifecycle")}>
                <NavItem
                  to="/staff/services"
                  label={t("nav.staffServices")}
                  onNavigate={onNavigate}
                />
                <NavItem to="/staff/catalog" label={t("nav.catalog")} onNavigate={onNavigate} />
                <NavItem
                  to="/staff/provisioning"
                  label={t("nav.provisioning")}
                  onNavigate={onNavigate}
                />
                <NavItem
                  to="/staff/notices"
                  label={t("nav.staffNotices")}
                  onNavigate={onNavigate}
                />
                <NavItem
                  to="/staff/cancellations"
                  label={t("nav.cancellations")}
                  onNavigate={onNavigate}
                />
                <NavItem
                  to="/staff/billing-runs"
                  label={t("nav.billingRuns")}
                  onNavigate={onNavigate}
                />
                <NavItem
                  to="/staff/settings/lifecycle"
                  label={t("nav.lifecycleSettings")}
                  onNavigate={onNavigate}
                />
              </NavGroup>
              <NavGroup label={t("nav.billing")}>
                <NavItem to="/staff/documents" label={t("nav.documents")} onNavigate={onNavigate} />
                <NavItem to="/staff/vat-rates" label={t("nav.vatRates")} onNavigate={onNavigate} />
                <NavItem
                  to="/staff/exchange-rates"
                  label={t("nav.exchangeRates")}
                  onNavigate={onNavigate}
                />
                <NavItem
                  to="/staff/settings/invoicing"
                  label={t("nav.invoicingSettings")}
                  onNavigate={onNavigate}
                />
              </NavGroup>
              <NavGroup label={t("nav.money")}>
                <NavItem to="/staff/payments" label={t("nav.payments")} onNavigate={onNavigate} />
                <NavItem
                  to="/staff/gateway-notifications"
                  label={t("nav.gatewayNotifications")}
                  onNavigate={onNavigate}
                />
                <NavItem
                  to="/staff/bank"
                  label={t("nav.bank")}
                  onNavigate={onNavigate}
                  exact
                  also={["/staff/bank/imports"]}
                />
                <NavItem
                  to="/staff/bank/queue"
                  label={t("nav.bankQueue")}
                  onNavigate={onNavigate}
                />
              </NavGroup>
              <NavGroup label={t("nav.system")}>
                <NavItem to="/staff/jobs" label={t("nav.jobs")} onNavigate={onNavigate} />
                <NavItem to="/staff/mail" label={t("nav.mail")} onNavigate={onNavigate} />
              </NavGroup>
              <NavGroup label={t("nav.administration")}>
                {user.staffRole === "admin" && (
                  <>
                    <NavItem
                      to="/staff/users"
                      label={t("nav.staffUsers")}
                      onNavigate={onNavigate}
                    />
                    <NavItem
                      to="/staff/departments"
                      label={t("nav.departments")}
                      onNavigate={onNavigate}
                    />
                  </>
                )}
                <NavItem to="/staff/audit" label={t("nav.audit")} onNavigate={onNavigate} />
              </NavGroup>
              {!isCustomer && (
                <NavItem to="/profile/security" label={t("nav.security")} onNavigate={onNavigate} />
              )}
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
