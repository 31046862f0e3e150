import { Anchor, EmptyState, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { MyPayment } from "../../api/types";
import { LoadMore } from "../../components/LoadMore";
import { NoValue } from "../../components/NoValue";
import { PageTitle } from "../../components/PageTitle";
import { QueryContent } from "../../components/QueryContent";
import { ResponsiveTable, type Column } from "../../components/ResponsiveTable";
import { useFormat } from "../../i18n/format";
import { isZero } from "../invoices/money";
import { useMyPayments } from "./api";
import { AllocatedDocuments } from "./AllocatedDocuments";

/** Finances → My payments: every payment received from me, newest first. */
export function PaymentsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const payments = useMyPayments();

  const columns: Column<MyPayment>[] = [
    {
      header: t("payments.receivedOn"),
      cell: (payment) => (
        <Anchor component={Link} to={`/finances/payments/${encodeURIComponent(payment.id)}`}>
          {format.date(payment.receivedOn)}
        </Anchor>
      ),
      nowrap: true,
    },
    {
      header: t("payments.amount"),
      cell: (payment) => format.money(payment.amount),
      numeric: true,
      nowrap: true,
    },
    {
      header: t("payments.methodLabel"),
      cell: (payment) => t(`invoices.paymentMethods.${payment.method}`),
    },
    {
      header: t("payments.paidDocuments"),
      cell: (payment) => (
        <AllocatedDocuments
          allocations={payment.allocations}
          documentPath={(id) => `/finances/documents/${encodeURIComponent(id)}`}
        />
      ),
    },
    {
      header: t("payments.refunded"),
      cell: (payment) => (isZero(payment.refunded) ? <NoValue /> : format.money(payment.refunded)),
      numeric: true,
      nowrap: true,
    },
  ];

  return (
    <>
      <PageTitle>{t("payments.mine.title")}</PageTitle>
      <Text mb="md">{t("payments.mine.intro")}</Text>
      <QueryContent query={payments}>
        {({ pages }) => {
          const items = pages.flatMap((page) => page.items);
          return items.length === 0 ? (
            <EmptyState title={t("payments.mine.empty")} />
          ) : (
            <>
              <ResponsiveTable
                label={t("payments.mine.tableLabel")}
                rows={items}
                rowKey={(payment) => payment.id}
                columns={columns}
              />
              <LoadMore query={payments} />
            </>
          );
        }}
      </QueryContent>
    </>
  );
}
