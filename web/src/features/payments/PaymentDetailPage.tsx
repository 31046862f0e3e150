import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { BackLink } from "../../components/BackLink";
import { PageTitle } from "../../components/PageTitle";
import { QueryContent } from "../../components/QueryContent";
import { Section } from "../../components/Section";
import { useFormat } from "../../i18n/format";
import { useMyPayment } from "./api";
import { AllocationsTable, PaymentSummaryList, RefundsTable } from "./PaymentParts";

/** /finances/payments/:id — what one payment paid, what it left as credit, its refunds. */
export function PaymentDetailPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { id = "" } = useParams();
  const payment = useMyPayment(id);

  return (
    <>
      <BackLink to="/finances/payments">{t("payments.mine.back")}</BackLink>
      <PageTitle>
        {payment.data
          ? t("payments.detail.title", { date: format.date(payment.data.receivedOn) })
          : t("payments.detail.fallbackTitle")}
      </PageTitle>
      <QueryContent query={payment}>
        {(data) => (
          <>
            <PaymentSummaryList payment={data} />
            <Section title={t("payments.detail.allocations")}>
              <AllocationsTable
                allocations={data.allocations}
                documentPath={(documentId) =>
                  `/finances/documents/${encodeURIComponent(documentId)}`
                }
              />
            </Section>
            <Section title={t("payments.refunds.title")}>
              <RefundsTable refunds={data.refunds} />
            </Section>
          </>
        )}
      </QueryContent>
    </>
  );
}
