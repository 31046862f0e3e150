import { Alert, Anchor, Box, SimpleGrid, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { InvoiceDetail, InvoiceLine, Party, VatBreakdownRow } from "../../api/types";
import { DetailList } from "../../components/DetailList";
import { NoValue } from "../../components/NoValue";
import { ResponsiveTable, type Column } from "../../components/ResponsiveTable";
import { Section } from "../../components/Section";
import { useFormat } from "../../i18n/format";
import { InvoiceStatusBadge } from "./InvoiceStatusBadge";
import { isZero } from "./money";

interface DocumentDetailsProps {
  document: InvoiceDetail;
  /** The detail page of another document of the same viewer (the corrected invoice). */
  documentPath: (id: string) => string;
}

function PartyDetails({ title, party }: { title: string; party: Party }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Box component="section">
      <Title order={3} size="h4" mb="xs">
        {title}
      </Title>
      <DetailList
        labelWidth="9rem"
        items={[
          { label: t("invoices.party.name"), value: party.name },
          {
            label: t("invoices.party.address"),
            value: `${party.postalCode} ${party.city}, ${party.addressLine}`,
          },
          { label: t("invoices.party.country"), value: format.country(party.country) },
          { label: t("invoices.party.taxNumber"), value: party.taxNumber ?? <NoValue /> },
          { label: t("invoices.party.euVatNumber"), value: party.euVatNumber ?? <NoValue /> },
        ]}
      />
    </Box>
  );
}

/**
 * Everything on an issued document: dates, settlement, payment details, the parties, the lines,
 * the VAT breakdown (with the HUF VAT of foreign-currency documents) and the totals. Shared by
 * the customer's and the staff's document page.
 */
export function DocumentDetails({ document: doc, documentPath }: DocumentDetailsProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const foreign = doc.currency !== "HUF";
  // "25.5%" from the server in the reader's number format; categories ("AE") as they are.
  const vatRate = (label: string) =>
    label.replace(/^(\d+(?:\.\d+)?)%$/, (_, rate: string) => `${format.decimal(rate)}%`);
  // A paid proforma keeps its amount in `due` (the final invoice took the payment): only open
  // and overdue documents are still to be paid.
  const open = doc.status === "open" || doc.status === "overdue";
  const stillDue = open && !isZero(doc.due);
  // A proforma asks for a transfer whatever the method; an invoice only when paid by transfer.
  const showPayment = stillDue && (doc.kind === "proforma" || doc.paymentMethod === "transfer");

  const lineColumns: Column<InvoiceLine>[] = [
    {
      header: t("invoices.line.description"),
      cell: (line) => (
        <>
          {line.description}
          {line.periodFrom !== null && line.periodTo !== null && (
            <Text size="sm" c="dimmed">
              {t("invoices.line.period", {
                from: format.date(line.periodFrom),
                to: format.date(line.periodTo),
              })}
            </Text>
          )}
        </>
      ),
    },
    {
      header: t("invoices.line.quantity"),
      cell: (line) =>
        `${format.decimal(line.quantity)} ${t(`invoices.unit.${line.unit}`, {
          count: Math.abs(Number(line.quantity)),
        })}`,
      numeric: true,
    },
    {
      header: t("invoices.line.unitPrice"),
      cell: (line) => format.money(line.unitPrice),
      numeric: true,
    },
    ...(doc.lines.some((line) => !isZero(line.discount))
      ? [
          {
            header: t("invoices.line.discount"),
            cell: (line: InvoiceLine) =>
              isZero(line.discount) ? <NoValue /> : format.money(line.discount),
            numeric: true,
          },
        ]
      : []),
    { header: t("invoices.line.vatRate"), cell: (line) => vatRate(line.vatRate) },
    { header: t("invoices.line.net"), cell: (line) => format.money(line.net), numeric: true },
    { header: t("invoices.line.vat"), cell: (line) => format.money(line.vat), numeric: true },
    { header: t("invoices.line.gross"), cell: (line) => format.money(line.gross), numeric: true },
  ];

  const breakdownColumns: Column<VatBreakdownRow>[] = [
    { header: t("invoices.breakdown.rate"), cell: (row) => vatRate(row.vatRate) },
    {
      header: t("invoices.breakdown.taxable"),
      cell: (row) => format.money(row.taxable),
      numeric: true,
    },
    { header: t("invoices.breakdown.vat"), cell: (row) => format.money(row.vat), numeric: true },
    ...(foreign
      ? [
          {
            header: t("invoices.breakdown.vatHuf"),
            cell: (row: VatBreakdownRow) => format.money(row.vatHuf),
            numeric: true,
          },
        ]
      : []),
    {
      header: t("invoices.breakdown.exemption"),
      cell: (row) => row.exemptionText ?? <NoValue />,
    },
  ];

  return (
    <>
      <DetailList
        items={[
          {
            label: t("invoices.state"),
            value: <InvoiceStatusBadge status={doc.status} kind={doc.kind} />,
          },
          { label: t("invoices.issueDate"), value: format.date(doc.issueDate) },
          ...(doc.kind === "proforma"
            ? []
            : [
                {
                  label: t("invoices.fulfilmentDate"),
                  value:
                    doc.fulfilmentDate === null ? <NoValue /> : format.date(doc.fulfilmentDate),
                },
              ]),
          {
            label: t("invoices.dueDate"),
            value: doc.dueDate === null ? <NoValue /> : format.date(doc.dueDate),
          },
          {
            label: t("invoices.paymentMethod"),
            value: t(`invoices.paymentMethods.${doc.paymentMethod}`),
          },
          ...(doc.corrects === null
            ? []
            : [
                {
                  label: t("invoices.corrects"),
                  value: (
                    <Anchor component={Link} to={documentPath(doc.corrects.id)}>
                      {doc.corrects.number}
                    </Anchor>
                  ),
                },
              ]),
          ...(foreign && doc.exchangeRate !== null
            ? [
                {
                  label: t("invoices.exchangeRate"),
                  value: t("invoices.exchangeRateValue", {
                    currency: doc.currency,
                    rate: format.decimal(doc.exchangeRate),
                    date: doc.exchangeRateDate === null ? "" : format.date(doc.exchangeRateDate),
                  }),
                },
              ]
            : []),
          { label: t("invoices.grossTotal"), value: <strong>{format.money(doc.total)}</strong> },
          ...(isZero(doc.paid)
            ? []
            : [{ label: t("invoices.paid"), value: format.money(doc.paid) }]),
          ...(open ? [{ label: t("invoices.amountDue"), value: format.money(doc.due) }] : []),
        ]}
      />

      {doc.kind === "proforma" && open && (
        <Alert color="blue" mt="md">
          {t("invoices.proformaNote")}
        </Alert>
      )}

      {showPayment && (
        <Section title={t("invoices.payment.title")}>
          {doc.bankAccount === null ? (
            <Text>{t("invoices.payment.noBankAccount")}</Text>
          ) : (
            <DetailList
              items={[
                { label: t("invoices.payment.beneficiary"), value: doc.seller.name },
                {
                  label: t("invoices.payment.iban"),
                  value: <span translate="no">{format.iban(doc.bankAccount.iban)}</span>,
                },
                ...(doc.bankAccount.bic === null
                  ? []
                  : [{ label: t("invoices.payment.bic"), value: doc.bankAccount.bic }]),
                ...(doc.bankAccount.bankName === null
                  ? []
                  : [{ label: t("invoices.payment.bank"), value: doc.bankAccount.bankName }]),
                {
                  label: t("invoices.payment.reference"),
                  value: <strong translate="no">{doc.paymentReference ?? doc.number}</strong>,
                },
                { label: t("invoices.payment.amount"), value: format.money(doc.due) },
                ...(doc.dueDate === null
                  ? []
                  : [{ label: t("invoices.payment.dueBy"), value: format.date(doc.dueDate) }]),
              ]}
            />
          )}
        </Section>
      )}

      <Section title={t("invoices.parties")}>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
          <PartyDetails title={t("invoices.seller")} party={doc.seller} />
          <PartyDetails title={t("invoices.buyer")} party={doc.buyer} />
        </SimpleGrid>
      </Section>

      <Section title={t("invoices.lines")}>
        <ResponsiveTable
          label={t("invoices.lines")}
          rows={doc.lines}
          rowKey={(line) => String(line.position)}
          columns={lineColumns}
        />
      </Section>

      <Section title={t("invoices.breakdown.title")}>
        <ResponsiveTable
          label={t("invoices.breakdown.title")}
          rows={doc.breakdown}
          rowKey={(row, index) => `${row.vatCategory}:${row.vatRate}:${index}`}
          columns={breakdownColumns}
        />
      </Section>

      <Section title={t("invoices.totals")}>
        <DetailList
          items={[
            { label: t("invoices.netTotal"), value: format.money(doc.netTotal) },
            { label: t("invoices.vatTotal"), value: format.money(doc.vatTotal) },
            ...(foreign
              ? [{ label: t("invoices.vatTotalHuf"), value: format.money(doc.vatTotalHuf) }]
              : []),
            {
              label: t("invoices.grossTotal"),
              value: <strong>{format.money(doc.total)}</strong>,
            },
          ]}
        />
      </Section>

      {doc.note !== null && doc.note.trim() !== "" && (
        <Section title={t("invoices.note")}>
          <Text style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>{doc.note}</Text>
        </Section>
      )}
    </>
  );
}
