import { Anchor, Group, Text, VisuallyHidden } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { InvoiceSummary, StaffDocument } from "../../api/types";
import { NoValue } from "../../components/NoValue";
import { ResponsiveTable, type Column } from "../../components/ResponsiveTable";
import { useFormat } from "../../i18n/format";
import { documentKindLabel } from "./documentKind";
import { InvoiceStatusBadge } from "./InvoiceStatusBadge";

interface DocumentTableProps<T extends InvoiceSummary> {
  documents: readonly T[];
  /** Where each number links to; null: the number is plain text. */
  detailPath: ((document: T) => string) | null;
  /** The PDF of each document, as a download link; null: no download column. */
  pdfPath?: ((document: T) => string) | null;
  /** Adds the customer column (staff lists), linked to the staff customer page. */
  withCustomer?: boolean;
  /** Accessible name of the table; "List of invoices" unless given. */
  label?: string;
  /** Check boxes on the documents that can be chosen (to pay several at once). */
  selection?: DocumentSelection<T> | null;
}

export interface DocumentSelection<T> {
  isSelectable: (document: T) => boolean;
  isSelected: (document: T) => boolean;
  onChange: (document: T, selected: boolean) => void;
  /** The check box's accessible name: "Choose KAPU-2026-000012 for payment". */
  label: (document: T) => string;
}

const CHECKBOX_STYLE = {
  width: "1.25rem",
  height: "1.25rem",
  margin: 0,
  accentColor: "var(--mantine-primary-color-filled)",
  cursor: "pointer",
} as const;

function hasCustomer(document: InvoiceSummary): document is StaffDocument {
  return "customer" in document;
}

/** Documents (proformas, invoices, credit notes) as a table, or cards at phone width. */
export function DocumentTable<T extends InvoiceSummary>({
  documents,
  detailPath,
  pdfPath = null,
  withCustomer = false,
  label,
  selection = null,
}: DocumentTableProps<T>) {
  const { t } = useTranslation();
  const format = useFormat();

  const columns: Column<T>[] = [
    {
      header: t("invoices.number"),
      cell: (document) => {
        const number =
          detailPath === null ? (
            document.number
          ) : (
            <Anchor component={Link} to={detailPath(document)}>
              {document.number}
            </Anchor>
          );
        if (selection === null || !selection.isSelectable(document)) return number;
        return (
          <Group gap="xs" wrap="nowrap" component="span" display="inline-flex">
            {/* A native check box: the card title on phones is a paragraph, which cannot hold
                Mantine's (a div). */}
            <input
              type="checkbox"
              aria-label={selection.label(document)}
              checked={selection.isSelected(document)}
              onChange={(event) => {
                selection.onChange(document, event.currentTarget.checked);
              }}
              style={CHECKBOX_STYLE}
            />
            {number}
          </Group>
        );
      },
      nowrap: true,
    },
    ...(withCustomer
      ? [
          {
            header: t("invoices.customer"),
            cell: (document: T) =>
              hasCustomer(document) ? (
                <>
                  <Anchor
                    component={Link}
                    to={`/staff/customers/${encodeURIComponent(document.customer.id)}`}
                  >
                    {document.customer.name}
                  </Anchor>
                  <Text size="sm" c="dimmed">
                    {document.customer.code}
                  </Text>
                </>
              ) : (
                <NoValue />
              ),
          },
        ]
      : []),
    { header: t("invoices.kindLabel"), cell: (document) => documentKindLabel(t, document) },
    {
      header: t("invoices.issueDate"),
      cell: (document) => format.date(document.issueDate),
      nowrap: true,
    },
    {
      header: t("invoices.dueDate"),
      cell: (document) => (document.dueDate === null ? <NoValue /> : format.date(document.dueDate)),
      nowrap: true,
    },
    {
      header: t("invoices.total"),
      cell: (document) => format.money(document.total),
      numeric: true,
      nowrap: true,
    },
    {
      header: t("invoices.amountDue"),
      // Paid and cancelled documents owe nothing, whatever `due` says (a paid proforma keeps its
      // amount there: the final invoice took the payment).
      cell: (document) =>
        document.status === "open" || document.status === "overdue" ? (
          format.money(document.due)
        ) : (
          <NoValue />
        ),
      numeric: true,
      nowrap: true,
    },
    {
      header: t("invoices.state"),
      cell: (document) => <InvoiceStatusBadge status={document.status} kind={document.kind} />,
      nowrap: true,
    },
    ...(pdfPath === null
      ? []
      : [
          {
            header: t("invoices.download"),
            cell: (document: T) => (
              <Anchor href={pdfPath(document)} download>
                {t("invoices.pdf")}
                <VisuallyHidden> {t("invoices.pdfOf", { number: document.number })}</VisuallyHidden>
              </Anchor>
            ),
          },
        ]),
  ];

  return (
    <ResponsiveTable
      label={label ?? t("invoices.tableLabel")}
      rows={documents}
      rowKey={(document) => document.id}
      columns={columns}
    />
  );
}
