import { Alert, Button, Group, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/problem";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Notice } from "../../components/Notice";
import { ResponsiveTable, type Column } from "../../components/ResponsiveTable";
import { useFormat } from "../../i18n/format";
import { usePaymentOptions } from "../payments/api";
import { BillingDataFields, isBillingDataField } from "../payments/BillingDataFields";
import { usePlaceOrder } from "./api";
import { cartLines, cartTotal, orderBody, type Cart, type CartLine } from "./cart";
import type { CatalogProduct, OrderResult } from "./types";

interface ReviewStepProps {
  cart: Cart;
  catalog: readonly CatalogProduct[];
  onBack: () => void;
  onPlaced: (order: OrderResult) => void;
}

function newIdempotencyKey(): string {
  return typeof crypto.randomUUID === "function"
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/** The missing billing data: before ordering (payment options) or as the order's answer. */
function BillingDataWarning({ missing }: { missing: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <Notice color="yellow" heading={t("order.review.billingDataTitle")}>
      <Text size="sm">{t("order.review.billingDataIntro")}</Text>
      <BillingDataFields missing={missing.filter(isBillingDataField)} />
      <Text size="sm" mt="xs">
        {t("order.review.billingDataContact")}
      </Text>
    </Notice>
  );
}

function OrderError({ error }: { error: unknown }) {
  if (error instanceof ApiError && error.problem?.code === "orders.billing_data_incomplete") {
    return <BillingDataWarning missing={(error.problem.errors ?? []).map((field) => field.path)} />;
  }
  return <ErrorAlert error={error} withServerMessage />;
}

/** Step 3: the lines, setup fees and total; the billing-data check; placing the order. */
export function ReviewStep({ cart, catalog, onBack, onPlaced }: ReviewStepProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const options = usePaymentOptions();
  const place = usePlaceOrder();
  // One key per reviewed cart: a second click, or a retry, is the same order.
  const [idempotencyKey] = useState(newIdempotencyKey);
  const lines = cartLines(cart, catalog);
  const total = cartTotal(lines);
  const body = orderBody(cart, catalog);

  const describe = (line: CartLine): string => {
    switch (line.kind) {
      case "plan":
        return cart.domain === null
          ? line.product.name
          : `${line.product.name} – ${cart.domain.unicode}`;
      case "setup":
        return t("order.review.setupFee", { name: line.product.name });
      case "domain":
        return t(`order.review.domainLine.${cart.domain?.action ?? "register"}`, {
          name: cart.domain?.unicode ?? "",
        });
    }
  };

  const columns: Column<CartLine>[] = [
    { header: t("order.review.item"), cell: describe },
    {
      header: t("order.review.cycle"),
      cell: (line) =>
        line.kind === "setup"
          ? t("order.review.oneTime")
          : line.kind === "domain"
            ? t("order.review.firstYear")
            : t(`services.cycle.${line.cycle ?? "one_time"}`),
    },
    {
      header: t("order.review.amount"),
      numeric: true,
      nowrap: true,
      cell: (line) =>
        line.free
          ? t("order.review.free")
          : format.money({ amount: line.amount, currency: line.currency }),
    },
  ];

  const incomplete = options.data !== undefined && !options.data.billingData.complete;
  const errorIsBillingData =
    place.error instanceof ApiError &&
    place.error.problem?.code === "orders.billing_data_incomplete";

  return (
    <Stack>
      <ResponsiveTable
        label={t("order.review.lines")}
        rows={lines}
        rowKey={(line) => line.key}
        columns={columns}
      />
      {cart.domain?.action === "existing" && (
        <Text size="sm">{t("order.review.existingDomain", { name: cart.domain.unicode })}</Text>
      )}
      {total !== null && (
        <div>
          <Text fw={700} size="lg">
            {t("order.review.total", { amount: format.money(total) })}
          </Text>
          <Text size="sm">{t("order.review.vatNote")}</Text>
        </div>
      )}
      {incomplete && !errorIsBillingData && (
        <BillingDataWarning missing={options.data.billingData.missing} />
      )}
      {place.isError && <OrderError error={place.error} />}
      {body === null && <Alert color="red">{t("order.review.notOrderable")}</Alert>}
      <Group>
        <Button variant="default" onClick={onBack}>
          {t("order.back")}
        </Button>
        <Button
          disabled={body === null}
          loading={place.isPending}
          onClick={() => {
            if (body === null) return;
            place.mutate({ body, idempotencyKey }, { onSuccess: onPlaced });
          }}
        >
          {t("order.review.place")}
        </Button>
      </Group>
      <Text size="sm" c="dimmed">
        {t("order.review.placeHint")}
      </Text>
    </Stack>
  );
}
