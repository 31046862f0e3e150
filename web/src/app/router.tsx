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
import { SetupPage } from "../features/auth/SetupPage";
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
import { AppLayout } from "./AppLayout";
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
      { path: "setup", element: <SetupPage /> },
      {
        element: <RequireSession />,
        children: [
          { index: true, element: <HomeRedirect /> },
          {
            element: <RequireCustomer />,
            children: [
              { path: "services", element: <ServicesPage /> },
              { path: "services/:id", element: <ServiceDetailPage /> },
              { path: "notices", element: <MyNoticesPage /> },
              { path: "order", element: <OrderPage /> },
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
            ],
          },
        ],
      },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
]);
