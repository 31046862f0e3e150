import { Navigate, Outlet, useLocation } from "react-router";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Loading } from "../../components/Loading";
import type { LoginState } from "./loginState";
import { homePath, SECURITY_PATH, useSession } from "./session";

/** Renders the nested routes for a logged-in user, otherwise sends the visitor to /login. */
export function RequireSession() {
  const session = useSession();
  const location = useLocation();
  if (session.isPending) return <Loading />;
  if (session.isError) return <ErrorAlert error={session.error} />;
  if (session.data === null) {
    const state: LoginState = { from: location.pathname + location.search };
    return <Navigate to="/login" replace state={state} />;
  }
  return <Outlet />;
}

/**
 * Staff pages; others are sent to their home page, and staff who must turn on two-factor login
 * first to the security page. Only used inside RequireSession.
 */
export function RequireStaff() {
  const { data } = useSession();
  if (!data) return null;
  if (data.user.twoFactorSetupRequired) return <Navigate to={SECURITY_PATH} replace />;
  return data.user.isStaff ? <Outlet /> : <Navigate to={homePath(data.user)} replace />;
}

/** Customer pages; staff logins that belong to no customer go to the staff area. Only used inside RequireSession. */
export function RequireCustomer() {
  const { data } = useSession();
  if (!data) return null;
  if (data.user.twoFactorSetupRequired) return <Navigate to={SECURITY_PATH} replace />;
  const staffOnly = data.user.isStaff && data.user.customerId === null;
  return staffOnly ? <Navigate to={homePath(data.user)} replace /> : <Outlet />;
}

/** "/": customers to their services, staff to the customer list. */
export function HomeRedirect() {
  const { data } = useSession();
  if (!data) return null;
  return <Navigate to={homePath(data.user)} replace />;
}
