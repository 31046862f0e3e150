import { EmptyState } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { PageTitle } from "../../components/PageTitle";
import { QueryContent } from "../../components/QueryContent";
import { useMyInvoices } from "./api";
import { InvoiceTable } from "./InvoiceTable";

export function InvoicesPage() {
  const { t } = useTranslation();
  const invoices = useMyInvoices();
  return (
    <>
      <PageTitle>{t("invoices.title")}</PageTitle>
      <QueryContent query={invoices}>
        {({ items }) =>
          items.length === 0 ? (
            <EmptyState title={t("invoices.empty")} />
          ) : (
            <InvoiceTable invoices={items} linked />
          )
        }
      </QueryContent>
    </>
  );
}
