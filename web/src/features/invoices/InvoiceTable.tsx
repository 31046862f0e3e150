import { Anchor } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { InvoiceSummary } from "../../api/types";
import { NoValue } from "../../components/NoValue";
import { ResponsiveTable, type Column } from "../../components/ResponsiveTable";
import { useFormat } from "../../i18n/format";
import { InvoiceStatusBadge } from "./InvoiceStatusBadge";

interface InvoiceTableProps {
  invoices: readonly InvoiceSummary[];
  /** Link each number to /finances/invoices/:id (the customer's own detail page). */
  linked: boolean;
}

export function InvoiceTable({ invoices, linked }: InvoiceTableProps) {
  const { t } = useTranslation();
  const format = useFormat();

  const columns: Column<InvoiceSummary>[] = [
    {
      header: t("invoices.number"),
      cell: (invoice) =>
        linked ? (
          <Anchor component={Link} to={`/finances/invoices/${encodeURIComponent(invoice.id)}`}>
            {invoice.number}
          </Anchor>
        ) : (
          invoice.number
        ),
    },
    { header: t("invoices.kindLabel"), cell: (invoice) => t(`invoices.kind.${invoice.kind}`) },
    { header: t("invoices.issueDate"), cell: (invoice) => format.date(invoice.issueDate) },
    {
      header: t("invoices.dueDate"),
      cell: (invoice) => (invoice.dueDate === null ? <NoValue /> : format.date(invoice.dueDate)),
    },
    { header: t("invoices.total"), cell: (invoice) => format.money(invoice.total), numeric: true },
    {
      header: t("invoices.state"),
      cell: (invoice) => <InvoiceStatusBadge status={invoice.status} />,
    },
  ];

  return (
    <ResponsiveTable
      label={t("invoices.tableLabel")}
      rows={invoices}
      rowKey={(invoice) => invoice.id}
      columns={columns}
    />
  );
}
