import { Alert, Anchor, Button, Group, List, Text } from "@mantine/core";
import { useDisclosure } from "@mantine/hooks";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useParams } from "react-router";
import type { RefundResult } from "../../api/types";
import { BackLink } from "../../components/BackLink";
import { PageTitle } from "../../components/PageTitle";
import { QueryContent } from "../../components/QueryContent";
import { Section } from "../../components/Section";
import { useFormat } from "../../i18n/format";
import { isZero } from "../invoices/money";
import { FlagBadge } from "../payments/labels";
import { AllocationsTable, PaymentSummaryList, RefundsTable } from "../payments/PaymentParts";
import { useCustomer } from "../staff/api";
import { useStaffPayment } from "./api";
import { readRecordedState } from "./recordedState";
import { refundable, RefundDialog } from "./RefundDialog";
import { sourceLabel } from "./StaffPaymentsPage";

function documentPath(id: string): string {
  return `/staff/documents/${encodeURIComponent(id)}`;
}

/** /staff/payments/:id — a payment: what it paid, credit kept, refunds, and a refund. */
export function StaffPaymentDetailPage() {
  const { id = "" } = useParams();
  return <PaymentPage key={id} id={id} />;
}

function PaymentPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const location = useLocation();
  const recorded = readRecordedState(location.state);
  const payment = useStaffPayment(id);
  const customerId = payment.data?.customerId ?? "";
  const customer = useCustomer(customerId, { enabled: customerId !== "" });
  const [refundOpened, refundDialog] = useDisclosure(false);
  const [refunded, setRefunded] = useState<RefundResult | null>(null);

  return (
    <>
      <BackLink to="/staff/payments">{t("payments.staff.back")}</BackLink>
      <PageTitle>
        {payment.data
          ? t("payments.detail.title", { date: format.date(payment.data.receivedOn) })
          : t("payments.detail.fallbackTitle")}
      </PageTitle>
      <QueryContent query={payment}>
        {(data) => {
          const canRefund = !isZero(refundable(data));
          return (
            <>
              {recorded !== null && recorded.paymentId === data.id && (
                <Alert color="teal" mb="md" role="status">
                  {recorded.duplicate
                    ? t("payments.manual.duplicate")
                    : t("payments.manual.recorded")}
                </Alert>
              )}
              {refunded !== null && (
                <Alert color="teal" mb="md" role="status">
                  <Text size="sm">
                    {t("payments.refund.done", {
                      amount: format.money(refunded.refund.amount),
                      status: t(`payments.refundStatus.${refunded.refund.status}`),
                    })}
                  </Text>
                  {refunded.creditNotes.length > 0 && (
                    <>
                      <Text size="sm">{t("payments.refund.creditNotesIssued")}</Text>
                      <List size="sm">
                        {refunded.creditNotes.map((note) => (
                          <List.Item key={note.id}>
                            <Anchor component={Link} to={documentPath(note.id)}>
                              {note.number}
                            </Anchor>
                          </List.Item>
                        ))}
                      </List>
                    </>
                  )}
                </Alert>
              )}
              <Text mb="md">
                {t("billing.detail.customer")}{" "}
                <Anchor
                  component={Link}
                  to={`/staff/customers/${encodeURIComponent(data.customerId)}`}
                >
                  {customer.data?.customer.name ?? t("payments.staff.customerPage")}
                </Anchor>
              </Text>
              {canRefund && (
                <Group mb="md">
                  <Button color="red.9" onClick={refundDialog.open}>
                    {t("payments.refund.open")}
                  </Button>
                </Group>
              )}
              <PaymentSummaryList
                payment={data}
                extra={[
                  { label: t("payments.sourceLabel"), value: sourceLabel(t, data) },
                  ...(data.flag === null
                    ? []
                    : [{ label: t("payments.flag"), value: <FlagBadge flag={data.flag} /> }]),
                  ...(data.note === null || data.note.trim() === ""
                    ? []
                    : [{ label: t("payments.note"), value: data.note }]),
                ]}
              />
              <Section title={t("payments.detail.allocations")}>
                <AllocationsTable allocations={data.allocations} documentPath={documentPath} />
              </Section>
              <Section title={t("payments.refunds.title")}>
                <RefundsTable refunds={data.refunds} withReason documentPath={documentPath} />
              </Section>
              {canRefund && (
                <RefundDialog
                  payment={data}
                  opened={refundOpened}
                  onClose={refundDialog.close}
                  onRefunded={(result) => {
                    setRefunded(result);
                    refundDialog.close();
                  }}
                />
              )}
            </>
          );
        }}
      </QueryContent>
    </>
  );
}
