import { Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import type { InvoiceLine } from "../../api/types";
import { BackLink } from "../../components/BackLink";
import { DetailList } from "../../components/DetailList";
import { NoValue } from "../../components/NoValue";
import { PageTitle } from "../../components/PageTitle";
import { QueryContent } from "../../components/QueryContent";
import { ResponsiveTable, type Column } from "../../components/ResponsiveTable";
import { Section } from "../../components/Section";
import { useFormat } from "../../i18n/format";
import { useMyInvoice } from "./api";
import { InvoiceStatusBadge } from "./InvoiceStatusBadge";

export function InvoiceDetailPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { id = "" } = useParams();
  const invoice = useMyInvoice(id);

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
      cell: (line) => `${format.decimal(line.quantity)} ${line.unit}`,
      numeric: true,
    },
    {
      header: t("invoices.line.unitPrice"),
      cell: (line) => format.money(line.unitPrice),
      numeric: true,
    },
    { header: t("invoices.line.vatRate"), cell: (line) => line.vatRate },
    { header: t("invoices.line.net"), cell: (line) => format.money(line.net), numeric: true },
    { header: t("invoices.line.vat"), cell: (line) => format.money(line.vat), numeric: true },
    { header: t("invoices.line.gross"), cell: (line) => format.money(line.gross), numeric: true },
  ];

  return (
    <>
      <BackLink to="/finances/invoices">{t("invoices.back")}</BackLink>
      <PageTitle>
        {invoice.data
          ? t("invoices.detailTitle", {
              kind: t(`invoices.kind.${invoice.data.kind}`),
              number: invoice.data.number,
            })
          : t("invoices.detailFallbackTitle")}
      </PageTitle>
      <QueryContent query={invoice}>
        {(data) => (
          <>
            <DetailList
              items={[
                { label: t("invoices.state"), value: <InvoiceStatusBadge status={data.status} /> },
                { label: t("invoices.issueDate"), value: format.date(data.issueDate) },
                {
                  label: t("invoices.fulfilmentDate"),
                  value:
                    data.fulfilmentDate === null ? <NoValue /> : format.date(data.fulfilmentDate),
                },
                {
                  label: t("invoices.dueDate"),
                  value: data.dueDate === null ? <NoValue /> : format.date(data.dueDate),
                },
              ]}
            />
            <Section title={t("invoices.lines")}>
              <ResponsiveTable
                label={t("invoices.lines")}
                rows={data.lines}
                rowKey={(_line, index) => String(index)}
                columns={lineColumns}
              />
            </Section>
            <Section title={t("invoices.totals")}>
              <DetailList
                items={[
                  { label: t("invoices.netTotal"), value: format.money(data.netTotal) },
                  { label: t("invoices.vatTotal"), value: format.money(data.vatTotal) },
                  {
                    label: t("invoices.grossTotal"),
                    value: <strong>{format.money(data.total)}</strong>,
                  },
                ]}
              />
            </Section>
          </>
        )}
      </QueryContent>
    </>
  );
}
