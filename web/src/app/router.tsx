import { createBrowserRouter } from "react-router";
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
import { InvoiceDetailPage } from "../features/invoices/InvoiceDetailPage";
import { InvoicesPage } from "../features/invoices/InvoicesPage";
import { ServiceDetailPage } from "../features/services/ServiceDetailPage";
import { ServicesPage } from "../features/services/ServicesPage";
import { CustomerDetailPage } from "../features/staff/CustomerDetailPage";
import { CustomersPage } from "../features/staff/CustomersPage";
import { JobsPage } from "../features/staff/JobsPage";
import { MailDetailPage } from "../features/staff/MailDetailPage";
import { MailPage } from "../features/staff/MailPage";
import { AppLayout } from "./AppLayout";
import { NotFoundPage } from "./NotFoundPage";

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
              { path: "finances/invoices", element: <InvoicesPage /> },
              { path: "finances/invoices/:id", element: <InvoiceDetailPage /> },
            ],
          },
          {
            path: "staff",
            element: <RequireStaff />,
            children: [
              { path: "customers", element: <CustomersPage /> },
              { path: "customers/:id", element: <CustomerDetailPage /> },
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
