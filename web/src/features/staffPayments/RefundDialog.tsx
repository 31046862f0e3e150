import {
  Button,
  Checkbox,
  Fieldset,
  Group,
  Modal,
  Radio,
  Stack,
  Text,
  TextInput,
  Textarea,
} from "@mantine/core";
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import type { PaymentDetail, RefundInput, RefundResult } from "../../api/types";
import { ErrorAlert, fieldErrorsOf } from "../../components/ErrorAlert";
import { useIsPhone } from "../../components/useIsPhone";
import { useFormat } from "../../i18n/format";
import { compareDecimals, isZeroDecimal, normalizeDecimal } from "../billing/decimal";
import { negate, sumMoney } from "../invoices/money";
import { useRefund } from "./api";

type RefundMethod = RefundInput["method"];

interface RefundDialogProps {
  payment: PaymentDetail;
  opened: boolean;
  onClose: () => void;
  onRefunded: (result: RefundResult) => void;
}

/** What can still be refunded of a payment: its amount less what was refunded. */
export function refundable(payment: PaymentDetail) {
  return sumMoney([payment.amount, negate(payment.refunded)]) ?? payment.amount;
}

/**
 * Refunds (part of) a payment: to the card through the gateway, by transfer or in cash. Money
 * the payment settled on invoices must first be credited back (storno), which the check boxes
 * ask for; without them only what is held as credit can be refunded.
 */
export function RefundDialog({ payment, opened, onClose, onRefunded }: RefundDialogProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const isPhone = useIsPhone();
  const refund = useRefund(payment.id);
  const left = refundable(payment);
  const methods: RefundMethod[] =
    payment.method === "card" ? ["card", "transfer", "cash"] : ["transfer", "cash"];
  const invoices = payment.allocations.filter((allocation) => allocation.kind === "invoice");

  const [amount, setAmount] = useState("");
  const [method, setMethod] = useState<RefundMethod>(methods[0] ?? "transfer");
  const [reason, setReason] = useState("");
  const [storno, setStorno] = useState<ReadonlySet<string>>(new Set());
  const [errors, setErrors] = useState<{ amount?: string; reason?: string }>({});
  const serverErrors = fieldErrorsOf(refund.error);

  const close = () => {
    refund.reset();
    onClose();
  };

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: { amount?: string; reason?: string } = {};
    const value = normalizeDecimal(amount, 2);
    if (value === null || isZeroDecimal(value)) found.amount = t("payments.refund.invalidAmount");
    else if (compareDecimals(value, left.amount) > 0) {
      found.amount = t("payments.refund.tooMuch", { amount: format.money(left) });
    }
    const text = reason.trim();
    if (text.length < 3) found.reason = t("payments.refund.reasonTooShort");
    setErrors(found);
    if (value === null || found.amount !== undefined || found.reason !== undefined) return;
    // mutateAsync: a full refund ends the refund button and this dialog with it, before mutate's
    // callbacks would run. A failure is shown from the mutation's state.
    void refund
      .mutateAsync({ amount: value, method, reason: text, stornoDocumentIds: [...storno] })
      .then(
        (result) => {
          setAmount("");
          setReason("");
          setStorno(new Set());
          onRefunded(result);
        },
        () => undefined,
      );
  };

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t("payments.refund.title")}
      size="lg"
      fullScreen={isPhone}
      closeButtonProps={{ "aria-label": t("common.close") }}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label={t("payments.refund.amount", { currency: payment.amount.currency })}
            description={t("payments.refund.amountHint", { amount: format.money(left) })}
            required
            inputMode="decimal"
            value={amount}
            error={errors.amount ?? serverErrors.amount}
            onChange={(event) => {
              setAmount(event.currentTarget.value);
            }}
          />
          <Radio.Group
            label={t("payments.refund.method")}
            value={method}
            onChange={(value) => {
              setMethod(methods.find((candidate) => candidate === value) ?? method);
            }}
          >
            <Stack gap="xs" mt="xs">
              {methods.map((candidate) => (
                <Radio
                  key={candidate}
                  value={candidate}
                  label={t(`payments.refund.methods.${candidate}`)}
                />
              ))}
            </Stack>
          </Radio.Group>
          {invoices.length > 0 && (
            <Fieldset legend={t("payments.refund.storno")}>
              <Text size="sm" mb="sm">
                {t("payments.refund.stornoHint")}
              </Text>
              <Stack gap="xs">
                {invoices.map((invoice) => (
                  <Checkbox
                    key={invoice.documentId}
                    label={t("payments.refund.stornoInvoice", {
                      number: invoice.number,
                      amount: format.money(invoice.amount),
                    })}
                    checked={storno.has(invoice.documentId)}
                    onChange={(event) => {
                      const checked = event.currentTarget.checked;
                      setStorno((previous) => {
                        const next = new Set(previous);
                        if (checked) next.add(invoice.documentId);
                        else next.delete(invoice.documentId);
                        return next;
                      });
                    }}
                  />
                ))}
              </Stack>
            </Fieldset>
          )}
          <Textarea
            label={t("payments.refund.reason")}
            description={t("payments.refund.reasonHint")}
            required
            autosize
            minRows={2}
            maxLength={500}
            value={reason}
            error={errors.reason ?? serverErrors.reason}
            onChange={(event) => {
              setReason(event.currentTarget.value);
            }}
          />
          {refund.isError && <ErrorAlert error={refund.error} withServerMessage />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" color="red.9" loading={refund.isPending}>
              {t("payments.refund.submit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
