import { Anchor, Button, Center, Group, List, Loader, Stack, Text } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import type { Checkout } from "../../api/types";
import { Notice } from "../../components/Notice";
import { PageTitle } from "../../components/PageTitle";
import { QueryContent } from "../../components/QueryContent";
import { useFormat } from "../../i18n/format";
import { isWaiting, useCheckout, useInvalidateMyFinances } from "./api";
import { payPath } from "./payable";

const POLL_MS = 2_000;
const WAIT_MS = 60_000;

function documentPath(id: string): string {
  return `/finances/documents/${encodeURIComponent(id)}`;
}

function Succeeded({ checkout }: { checkout: Checkout }) {
  const { t } = useTranslation();
  const format = useFormat();
  const invalidate = useInvalidateMyFinances();
  // Documents, balance and history changed: show them fresh on the next page (once, when the
  // payment is known to have succeeded).
  const [invalidateOnce] = useState(() => invalidate);
  useEffect(() => {
    void invalidateOnce();
  }, [invalidateOnce]);
  const invoices = checkout.invoices.filter((allocation) => allocation.kind === "invoice");
  return (
    <>
      <Notice color="teal" mb="md" role="status" heading={t("payments.return.succeededTitle")}>
        <Text size="sm">
          {t("payments.return.succeeded", { amount: format.money(checkout.amount) })}
        </Text>
      </Notice>
      {invoices.length > 0 && (
        <>
          <Text fw={700} mb="xs">
            {t("payments.return.invoices", { count: invoices.length })}
          </Text>
          <List mb="md">
            {invoices.map((invoice) => (
              <List.Item key={invoice.documentId}>
                <Anchor component={Link} to={documentPath(invoice.documentId)}>
                  {invoice.number}
                </Anchor>{" "}
                ({format.money(invoice.amount)})
              </List.Item>
            ))}
          </List>
          <Text size="sm" c="dimmed" mb="md">
            {t("payments.return.invoiceMailed")}
          </Text>
        </>
      )}
      <Group gap="sm">
        {checkout.paymentId !== null && (
          <Button
            component={Link}
            to={`/finances/payments/${encodeURIComponent(checkout.paymentId)}`}
            variant="default"
          >
            {t("payments.return.toPayment")}
          </Button>
        )}
        <Button component={Link} to="/finances/documents" variant="default">
          {t("payments.return.toDocuments")}
        </Button>
      </Group>
    </>
  );
}

function NotPaid({ checkout }: { checkout: Checkout }) {
  const { t } = useTranslation();
  const status = checkout.status;
  const title =
    status === "cancelled"
      ? t("payments.return.cancelledTitle")
      : status === "expired"
        ? t("payments.return.expiredTitle")
        : t("payments.return.failedTitle");
  return (
    <>
      <Notice color={status === "failed" ? "red" : "yellow"} mb="md" role="alert" heading={title}>
        <Text size="sm">
          {status === "cancelled"
            ? t("payments.return.cancelled")
            : status === "expired"
              ? t("payments.return.expired")
              : t("payments.return.failed")}
        </Text>
        {checkout.failure !== null && (
          <Text size="sm" mt="xs">
            {t("payments.return.bankSaid")} <q>{checkout.failure}</q>
          </Text>
        )}
      </Notice>
      <Group gap="sm">
        <Button component={Link} to={payPath(checkout.documentIds)}>
          {t("payments.return.tryAgain")}
        </Button>
        <Button component={Link} to="/finances/documents" variant="default">
          {t("payments.return.toDocuments")}
        </Button>
      </Group>
    </>
  );
}

function Waiting({
  timedOut,
  onCheck,
  checking,
}: {
  timedOut: boolean;
  onCheck: () => void;
  checking: boolean;
}) {
  const { t } = useTranslation();
  if (!timedOut) {
    return (
      <Center py="xl">
        <Stack align="center" gap="sm" role="status">
          <Loader aria-hidden />
          <Text>{t("payments.return.waiting")}</Text>
        </Stack>
      </Center>
    );
  }
  return (
    <>
      <Notice color="blue" mb="md" role="status" heading={t("payments.return.lateTitle")}>
        <Text size="sm">{t("payments.return.late")}</Text>
      </Notice>
      <Group gap="sm">
        <Button variant="default" loading={checking} onClick={onCheck}>
          {t("payments.return.checkAgain")}
        </Button>
        <Button component={Link} to="/finances/documents" variant="default">
          {t("payments.return.toDocuments")}
        </Button>
      </Group>
    </>
  );
}

/**
 * /finances/payments/return/:checkoutId — where the card gateway sends the customer back. Asks
 * for the result every 2 s while the bank has not answered (for up to a minute), then shows it.
 */
export function PaymentReturnPage() {
  const { checkoutId = "" } = useParams();
  return <ReturnPage key={checkoutId} id={checkoutId} />;
}

function ReturnPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const [timedOut, setTimedOut] = useState(false);
  const checkout = useCheckout(id, { poll: !timedOut, pollMs: POLL_MS });

  useEffect(() => {
    const timer = window.setTimeout(() => {
      setTimedOut(true);
    }, WAIT_MS);
    return () => {
      window.clearTimeout(timer);
    };
  }, []);

  return (
    <>
      <PageTitle>{t("payments.return.title")}</PageTitle>
      <QueryContent query={checkout}>
        {(data) =>
          data.status === "succeeded" ? (
            <Succeeded checkout={data} />
          ) : isWaiting(data) ? (
            <Waiting
              timedOut={timedOut}
              checking={checkout.isFetching}
              onCheck={() => void checkout.refetch()}
            />
          ) : (
            <NotPaid checkout={data} />
          )
        }
      </QueryContent>
    </>
  );
}
