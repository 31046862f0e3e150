import { Alert, Anchor, Button, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { ApiError } from "../../api/problem";
import type { InvoiceDetail, PaymentOptions } from "../../api/types";
import { BackLink } from "../../components/BackLink";
import { CopyValue } from "../../components/CopyValue";
import { DetailList } from "../../components/DetailList";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Loading } from "../../components/Loading";
import { NoValue } from "../../components/NoValue";
import { Notice } from "../../components/Notice";
import { PageTitle } from "../../components/PageTitle";
import { QueryContent } from "../../components/QueryContent";
import { ResponsiveTable, type Column } from "../../components/ResponsiveTable";
import { Section } from "../../components/Section";
import { useFormat } from "../../i18n/format";
import { documentKindLabel } from "../invoices/documentKind";
import { sumMoney } from "../invoices/money";
import { useDocumentsToPay, usePaymentOptions, useStartCheckout } from "./api";
import { BillingDataFields, isBillingDataField } from "./BillingDataFields";
import { gatewayLabel } from "./labels";
import { isPayable, readDocumentIds } from "./payable";

function documentPath(id: string): string {
  return `/finances/documents/${encodeURIComponent(id)}`;
}

/** What to quote in the transfer's message: the RF reference, else the document number. */
function referenceOf(document: InvoiceDetail): string {
  return document.paymentReference ?? document.number;
}

/** A card payment that could not start: the missing billing data by name, else the problem. */
function CheckoutError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (error instanceof ApiError && error.problem?.code === "payments.billing_data_incomplete") {
    const missing = (error.problem.errors ?? [])
      .map((fieldError) => fieldError.path)
      .filter(isBillingDataField);
    return (
      <Alert color="red" mb="md">
        <Text fw={700} size="sm">
          {t("errors.payments.billing_data_incomplete")}
        </Text>
        <BillingDataFields missing={missing} />
      </Alert>
    );
  }
  return <ErrorAlert error={error} />;
}

function CardPayment({
  documents,
  options,
}: {
  documents: readonly InvoiceDetail[];
  options: PaymentOptions;
}) {
  const { t } = useTranslation();
  const checkout = useStartCheckout();
  const blocked = !options.billingData.complete;

  if (options.gateways.length === 0) return <Text>{t("payments.pay.noGateway")}</Text>;
  return (
    <>
      <Text mb="sm">{t("payments.pay.cardIntro")}</Text>
      {blocked && (
        <Text mb="sm" fw={700}>
          {t("payments.pay.cardBlocked")}
        </Text>
      )}
      {checkout.isError && <CheckoutError error={checkout.error} />}
      <Stack gap="sm" align="flex-start">
        {options.gateways.map((gateway) => (
          <Button
            key={gateway.name}
            disabled={blocked}
            // Still loading after success: the browser is on its way to the gateway.
            loading={
              (checkout.isPending || checkout.isSuccess) &&
              checkout.variables.gateway === gateway.name
            }
            onClick={() => {
              checkout.mutate(
                { documentIds: documents.map((document) => document.id), gateway: gateway.name },
                {
                  onSuccess: ({ redirectUrl }) => {
                    window.location.assign(redirectUrl);
                  },
                },
              );
            }}
          >
            {t("payments.pay.cardButton", { gateway: gatewayLabel(t, gateway) })}
          </Button>
        ))}
      </Stack>
    </>
  );
}

function TransferPayment({
  documents,
  options,
}: {
  documents: readonly InvoiceDetail[];
  options: PaymentOptions;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const first = documents[0];
  const bank = options.bankAccount;
  if (bank === null || first === undefined)
    return <Text>{t("invoices.payment.noBankAccount")}</Text>;
  const total = sumMoney(documents.map((document) => document.due));
  const single = documents.length === 1;

  const accountItems = [
    { label: t("invoices.payment.beneficiary"), value: first.seller.name },
    {
      label: t("invoices.payment.iban"),
      value: (
        <CopyValue value={bank.iban.replace(/\s+/g, "")} what={t("invoices.payment.iban")}>
          {format.iban(bank.iban)}
        </CopyValue>
      ),
    },
    ...(bank.bankName === null
      ? []
      : [{ label: t("invoices.payment.bank"), value: bank.bankName }]),
  ];

  if (single) {
    return (
      <>
        <Text mb="sm">{t("payments.pay.transferIntro")}</Text>
        <DetailList
          items={[
            ...accountItems,
            {
              label: t("invoices.payment.amount"),
              value: (
                <CopyValue value={first.due.amount} what={t("invoices.payment.amount")}>
                  {format.money(first.due)}
                </CopyValue>
              ),
            },
            {
              label: t("invoices.payment.reference"),
              value: (
                <CopyValue value={referenceOf(first)} what={t("invoices.payment.reference")}>
                  <strong>{referenceOf(first)}</strong>
                </CopyValue>
              ),
            },
          ]}
        />
      </>
    );
  }

  const columns: Column<InvoiceDetail>[] = [
    { header: t("invoices.number"), cell: (document) => document.number, nowrap: true },
    {
      header: t("invoices.payment.amount"),
      cell: (document) => (
        <CopyValue
          value={document.due.amount}
          what={t("payments.pay.amountOf", { number: document.number })}
        >
          {format.money(document.due)}
        </CopyValue>
      ),
    },
    {
      header: t("invoices.payment.reference"),
      cell: (document) => (
        <CopyValue
          value={referenceOf(document)}
          what={t("payments.pay.referenceOf", { number: document.number })}
        >
          <strong>{referenceOf(document)}</strong>
        </CopyValue>
      ),
    },
  ];

  return (
    <>
      <Text mb="sm">{t("payments.pay.transferIntroSeveral")}</Text>
      <DetailList
        items={[
          ...accountItems,
          ...(total === null
            ? []
            : [
                {
                  label: t("payments.pay.transferTotal"),
                  value: (
                    <CopyValue value={total.amount} what={t("payments.pay.transferTotal")}>
                      {format.money(total)}
                    </CopyValue>
                  ),
                },
              ]),
        ]}
      />
      <Text mt="md" mb="sm">
        {t("payments.pay.referencesHint")}
      </Text>
      <ResponsiveTable
        label={t("payments.pay.references")}
        rows={documents}
        rowKey={(document) => document.id}
        columns={columns}
      />
    </>
  );
}

function PayContent({
  documents,
  skipped,
  options,
}: {
  documents: readonly InvoiceDetail[];
  skipped: readonly InvoiceDetail[];
  options: PaymentOptions;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const total = sumMoney(documents.map((document) => document.due));
  const missing = options.billingData.missing.filter(isBillingDataField);

  const columns: Column<InvoiceDetail>[] = [
    {
      header: t("invoices.number"),
      cell: (document) => (
        <Anchor component={Link} to={documentPath(document.id)}>
          {document.number}
        </Anchor>
      ),
      nowrap: true,
    },
    { header: t("invoices.kindLabel"), cell: (document) => documentKindLabel(t, document) },
    {
      header: t("invoices.dueDate"),
      cell: (document) => (document.dueDate === null ? <NoValue /> : format.date(document.dueDate)),
      nowrap: true,
    },
    {
      header: t("invoices.amountDue"),
      cell: (document) => format.money(document.due),
      numeric: true,
      nowrap: true,
    },
  ];

  return (
    <>
      {skipped.length > 0 && (
        <Alert color="yellow" mb="md">
          {t("payments.pay.skipped", {
            numbers: skipped.map((document) => document.number).join(", "),
          })}
        </Alert>
      )}
      {documents.length === 0 ? (
        <Text>
          {t("payments.pay.nothingToPay")}{" "}
          <Anchor component={Link} to="/finances/documents">
            {t("payments.pay.toDocuments")}
          </Anchor>
        </Text>
      ) : (
        <>
          <Section title={t("payments.pay.documents")} first>
            <ResponsiveTable
              label={t("payments.pay.documents")}
              rows={documents}
              rowKey={(document) => document.id}
              columns={columns}
            />
            {total === null ? (
              <Alert color="red" mt="md">
                {t("errors.payments.mixed_currencies")}
              </Alert>
            ) : (
              <Text mt="md" size="lg">
                {t("payments.pay.total")} <strong>{format.money(total)}</strong>
              </Text>
            )}
          </Section>
          {total !== null && (
            <>
              {!options.billingData.complete && (
                <Notice color="yellow" mt="xl" heading={t("payments.pay.billingDataTitle")}>
                  <Text size="sm">{t("payments.pay.billingDataIntro")}</Text>
                  <BillingDataFields missing={missing} />
                  <Text size="sm" mt="xs">
                    {t("payments.pay.billingDataContact")}
                  </Text>
                  <Anchor component={Link} to="/profile/data" size="sm" c="dark.9" td="underline">
                    {t("profileData.goTo")}
                  </Anchor>
                </Notice>
              )}
              <Section title={t("payments.pay.byCard")}>
                <CardPayment documents={documents} options={options} />
              </Section>
              <Section title={t("payments.pay.byTransfer")}>
                <TransferPayment documents={documents} options={options} />
              </Section>
            </>
          )}
        </>
      )}
    </>
  );
}

/** /finances/pay?documents=a,b — pay open documents by card, or the details for a transfer. */
export function PayPage() {
  const { t } = useTranslation();
  const [searchParams] = useSearchParams();
  const ids = readDocumentIds(searchParams);
  const options = usePaymentOptions();
  const results = useDocumentsToPay(ids);

  const failed = results.find((result) => result.isError);
  const loaded = results.flatMap((result) => (result.data === undefined ? [] : [result.data]));

  return (
    <>
      <BackLink to="/finances/documents">{t("invoices.back")}</BackLink>
      <PageTitle>{t("payments.pay.title")}</PageTitle>
      {ids.length === 0 ? (
        <Text>
          {t("payments.pay.noneChosen")}{" "}
          <Anchor component={Link} to="/finances/documents">
            {t("payments.pay.toDocuments")}
          </Anchor>
        </Text>
      ) : failed !== undefined ? (
        <ErrorAlert error={failed.error} />
      ) : results.some((result) => result.isPending) ? (
        <Loading />
      ) : (
        <QueryContent query={options}>
          {(data) => (
            <PayContent
              documents={loaded.filter(isPayable)}
              skipped={loaded.filter((document) => !isPayable(document))}
              options={data}
            />
          )}
        </QueryContent>
      )}
    </>
  );
}
