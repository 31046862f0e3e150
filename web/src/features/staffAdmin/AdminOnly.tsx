import { Alert } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Outlet } from "react-router";
import { PageTitle } from "../../components/PageTitle";
import { useSession } from "../auth/session";

/**
 * Administrators' staff pages (staff members, departments); other staff roles see why the page
 * is closed instead of a bare "forbidden" from the API. Used inside RequireStaff.
 */
export function AdminOnly() {
  const { t } = useTranslation();
  const { data } = useSession();
  if (!data) return null;
  return data.user.staffRole === "admin" ? (
    <Outlet />
  ) : (
    <>
      <PageTitle>{t("nav.administration")}</PageTitle>
      <Alert color="blue">{t("staffAdmin.adminsOnly")}</Alert>
    </>
  );
}
