import { createBrowserRouter, Navigate, useLocation, useParams } from "react-router";
import { ForgotPasswordPage } from "../features/auth/ForgotPasswordPage";
import {
  HomeRedirect,
  RequireCustomer,
  RequireSession,
  RequireStaff,
} from "../features/auth/guards";
import { LoginPage } from "../features/auth/LoginPage";
import { ResetPasswordPage } from "../features/auth/ResetPasswordPage";
import { ConfirmEmailPage } from "../features/auth/ConfirmEmailPage";
import { SecurityPage } from "../features/profile/SecurityPage";
import { SetupPage } from "../features/auth/SetupPage";
import { ActivityPage } from "../features/audit/ActivityPage";
import { StaffAuditPage } from "../features/audit/StaffAuditPage";
import { BankImportPage } from "../features/bank/BankImportPage";
import { BankPage } from "../features/bank/BankPage";
import { BankQueuePage } from "../features/bank/BankQueuePage";
import { CatalogPage } from "../features/catalog/CatalogPage";
import { ProductFormPage } from "../features/catalog/ProductFormPage";
import { ExchangeRatesPage } from "../features/billing/ExchangeRatesPage";
import { InvoicingSettingsPage } from "../features/billing/InvoicingSettingsPage";
import { NewDocumentPage } from "../features/billing/NewDocumentPage";
import { StaffDocumentDetailPage } from "../features/billing/StaffDocumentDetailPage";
import { StaffDocumentsPage } from "../features/billing/StaffDocumentsPage";
import { VatRatesPage } from "../features/billing/VatRatesPage";
import { DocumentDetailPage } from "../features/finances/DocumentDetailPage";
import { DocumentsPage } from "../features/finances/DocumentsPage";
import { StatementPage } from "../features/finances/StatementPage";
import { BillingRunDetailPage } from "../features/lifecycle/BillingRunDetailPage";
import { BillingRunsPage } from "../features/lifecycle/BillingRunsPage";
import { CancellationsPage } from "../features/lifecycle/CancellationsPage";
import { LifecycleSettingsPage } from "../features/lifecycle/LifecycleSettingsPage";
import { ProvisioningPage } from "../features/lifecycle/ProvisioningPage";
import { StaffServicesPage } from "../features/lifecycle/StaffServicesPage";
import { MyNoticesPage } from "../features/notices/MyNoticesPage";
import { NewNoticePage, NoticePage } from "../features/notices/NoticePage";
import { StaffNoticesPage } from "../features/notices/StaffNoticesPage";
import { OrderPage } from "../features/order/OrderPage";
import { PayPage } from "../features/payments/PayPage";
import { PaymentDetailPage } from "../features/payments/PaymentDetailPage";
import { PaymentReturnPage } from "../features/payments/PaymentReturnPage";
import { PaymentsPage } from "../features/payments/PaymentsPage";
import { DataPage } from "../features/profile/DataPage";
import { NotificationsPage } from "../features/profile/NotificationsPage";
import { ProfileIndexRedirect } from "../features/profile/ProfileNav";
import { ServiceDetailPage } from "../features/services/ServiceDetailPage";
import { ServicesPage } from "../features/services/ServicesPage";
import { CustomerDetailPage } from "../features/staff/CustomerDetailPage";
import { CustomersPage } from "../features/staff/CustomersPage";
import { JobsPage } from "../features/staff/JobsPage";
import { MailDetailPage } from "../features/staff/MailDetailPage";
import { MailPage } from "../features/staff/MailPage";
import { GatewayNotificationsPage } from "../features/staffPayments/GatewayNotificationsPage";
import { NewPaymentPage } from "../features/staffPayments/NewPaymentPage";
import { StaffPaymentDetailPage } from "../features/staffPayments/StaffPaymentDetailPage";
import { StaffPaymentsPage } from "../features/staffPayments/StaffPaymentsPage";
import { AdminOnly } from "../features/staffAdmin/AdminOnly";
import { DepartmentsPage } from "../features/staffAdmin/DepartmentsPage";
import { StaffUsersPage } from "../features/staffAdmin/StaffUsersPage";
import { ContactsPage } from "../features/accounts/ContactsPage";
import { InvitationPage } from "../features/accounts/InvitationPage";
import { ManagersPage } from "../features/accounts/ManagersPage";
import { NewClientPage } from "../features/accounts/NewClientPage";
import { RequestAccessPage } from "../features/accounts/RequestAccessPage";
import { AppLayout } from "./AppLayout";
import { RequirePermission } from "./RequirePermission";
import { NotFoundPage } from "./NotFoundPage";

/** The first paths of My invoices (/finances/invoices…) lead to the Finances pages that replaced them. */
function LegacyInvoicesRedirect() {
  const { search } = useLocation();
  return <Navigate to={`/finances/documents${search}`} replace />;
}

function LegacyInvoiceRedirect() {
  const { id = "" } = useParams();
  return <Navigate to={`/finances/documents/${encodeURIComponent(id)}`} replace />;
}

export const router = createBrowserRouter([
  {
    element: <AppLayout />,
    children: [
      { path: "login", element: <LoginPage /> },
      { path: "forgot-password", element: <ForgotPasswordPage /> },
      { path: "reset-password", element: <ResetPasswordPage /> },
      { path: "confirm-email", element: <ConfirmEmailPage /> },
      { path: "invitation", element: <InvitationPage /> },
      { path: "setup", element: <SetupPage /> },
      {
        element: <RequireSession />,
        children: [
          { index: true, element: <HomeRedirect /> },
          // Customers and staff alike (staff who must enrol in two-factor are sent here).
          { path: "profile/security", element: <SecurityPage /> },
          {
            element: <RequireCustomer />,
            children: [
              // Pages the account's permissions open (others see "not allowed"); see can().
              {
                // Billing contacts see what they pay for (and renew it).
                element: <RequirePermission need={["technical", "domains", "billing"]} />,
                children: [
                  { path: "services", element: <ServicesPage /> },
                  { path: "services/:id", element: <ServiceDetailPage /> },
                ],
              },
              {
                element: <RequirePermission need={["technical", "domains"]} mode="write" />,
                children: [{ path: "order", element: <OrderPage /> }],
              },
              {
                element: <RequirePermission />,
                children: [{ path: "notices", element: <MyNoticesPage /> }],
              },
              {
                element: <RequirePermission need="billing" />,
                children: [
                  { path: "finances", element: <Navigate to="/finances/documents" replace /> },
                  { path: "finances/documents", element: <DocumentsPage /> },
                  { path: "finances/documents/:id", element: <DocumentDetailPage /> },
                  { path: "finances/statement", element: <StatementPage /> },
                  { path: "finances/pay", element: <PayPage /> },
                  { path: "finances/payments", element: <PaymentsPage /> },
                  { path: "finances/payments/:id", element: <PaymentDetailPage /> },
                  // The card gateway sends the customer back here (the server builds this address).
                  {
                    path: "finances/payments/return/:checkoutId",
                    element: <PaymentReturnPage />,
                  },
                ],
              },
              {
                element: <RequirePermission need="owner" />,
                children: [{ path: "profile/contacts", element: <ContactsPage /> }],
              },
              {
                element: <RequirePermission need="owner" notForManagers />,
                children: [{ path: "profile/managers", element: <ManagersPage /> }],
              },
              // Agencies: also logins that reach no account now.
              { path: "clients/new", element: <NewClientPage /> },
              { path: "clients/request", element: <RequestAccessPage /> },
              { path: "profile", element: <ProfileIndexRedirect /> },
              { path: "profile/data", element: <DataPage /> },
              { path: "profile/notifications", element: <NotificationsPage /> },
              { path: "profile/activity", element: <ActivityPage /> },
              { path: "finances/invoices", element: <LegacyInvoicesRedirect /> },
              { path: "finances/invoices/:id", element: <LegacyInvoiceRedirect /> },
            ],
          },
          {
            path: "staff",
            element: <RequireStaff />,
            children: [
              { path: "customers", element: <CustomersPage /> },
              { path: "customers/:id", element: <CustomerDetailPage /> },
              { path: "documents", element: <StaffDocumentsPage /> },
              { path: "documents/new", element: <NewDocumentPage /> },
              { path: "documents/:id", element: <StaffDocumentDetailPage /> },
              { path: "vat-rates", element: <VatRatesPage /> },
              { path: "exchange-rates", element: <ExchangeRatesPage /> },
              { path: "settings/invoicing", element: <InvoicingSettingsPage /> },
              { path: "payments", element: <StaffPaymentsPage /> },
              { path: "payments/new", element: <NewPaymentPage /> },
              { path: "payments/:id", element: <StaffPaymentDetailPage /> },
              { path: "gateway-notifications", element: <GatewayNotificationsPage /> },
              { path: "bank", element: <BankPage /> },
              { path: "bank/queue", element: <BankQueuePage /> },
              { path: "bank/imports/:id", element: <BankImportPage /> },
              { path: "services", element: <StaffServicesPage /> },
              { path: "catalog", element: <CatalogPage /> },
              { path: "catalog/new", element: <ProductFormPage /> },
              { path: "catalog/:id", element: <ProductFormPage /> },
              { path: "provisioning", element: <ProvisioningPage /> },
              { path: "notices", element: <StaffNoticesPage /> },
              { path: "notices/new", element: <NewNoticePage /> },
              { path: "notices/:id", element: <NoticePage /> },
              { path: "cancellations", element: <CancellationsPage /> },
              { path: "billing-runs", element: <BillingRunsPage /> },
              { path: "billing-runs/:id", element: <BillingRunDetailPage /> },
              { path: "settings/lifecycle", element: <LifecycleSettingsPage /> },
              { path: "jobs", element: <JobsPage /> },
              { path: "mail", element: <MailPage /> },
              { path: "mail/:id", element: <MailDetailPage /> },
              { path: "audit", element: <StaffAuditPage /> },
              {
                element: <AdminOnly />,
                children: [
                  { path: "users", element: <StaffUsersPage /> },
                  { path: "departments", element: <DepartmentsPage /> },
                ],
              },
            ],
          },
        ],
      },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
]);
