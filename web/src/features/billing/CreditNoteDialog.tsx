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
import type { CreditNoteResult, InvoiceDetail } from "../../api/types";
import { ErrorAlert, fieldErrorsOf } from "../../components/ErrorAlert";
import { useIsPhone } from "../../components/useIsPhone";
import { useFormat } from "../../i18n/format";
import { useCreditNote, useInvoicingSettings } from "./api";
import { compareDecimals, isZeroDecimal, normalizeDecimal } from "./decimal";

type Mode = "storno" | "partial";

interface CreditNoteDialogProps {
  document: InvoiceDetail;
  opened: boolean;
  onClose: () => void;
  onIssued: (result: CreditNoteResult) => void;
}

/**
 * Corrects an invoice with a credit note: storno (everything not yet credited) or a partial
 * one with a quantity per line; optionally with the administration fee invoiced at once.
 */
export function CreditNoteDialog({
  document: doc,
  opened,
  onClose,
  onIssued,
}: CreditNoteDialogProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const isPhone = useIsPhone();
  const settings = useInvoicingSettings();
  const creditNote = useCreditNote(doc.id);
  const [mode, setMode] = useState<Mode>("storno");
  const [reason, setReason] = useState("");
  const [adminFee, setAdminFee] = useState(false);
  const [quantities, setQuantities] = useState<Record<number, string>>({});
  const [errors, setErrors] = useState<{ reason?: string; lines?: string }>({});
  const [lineErrors, setLineErrors] = useState<Record<number, string>>({});
  // Positions in the order they were sent: the server names lines by their index in the request.
  const [sentPositions, setSentPositions] = useState<number[]>([]);

  const fee = settings.data?.settings.adminFee;
  const serverFieldErrors = fieldErrorsOf(creditNote.error);
  const serverLineError = (position: number): string | undefined => {
    const index = sentPositions.indexOf(position);
    return index < 0 ? undefined : serverFieldErrors[`lines.${index}.quantity`];
  };

  const close = () => {
    creditNote.reset();
    onClose();
  };

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: { reason?: string; lines?: string } = {};
    const foundLines: Record<number, string> = {};
    if (reason.trim() === "") found.reason = t("validation.required");
    const lines: { position: number; quantity: string }[] = [];
    if (mode === "partial") {
      for (const line of doc.lines) {
        const typed = (quantities[line.position] ?? "").trim();
        if (typed === "") continue;
        const quantity = normalizeDecimal(typed, 4);
        if (quantity === null) {
          foundLines[line.position] = t("billing.creditNote.invalidQuantity");
        } else if (compareDecimals(quantity, line.quantity.replace(/^-/, "")) > 0) {
          foundLines[line.position] = t("billing.creditNote.moreThanInvoiced");
        } else if (!isZeroDecimal(quantity)) {
          lines.push({ position: line.position, quantity });
        }
      }
      if (lines.length === 0 && Object.keys(foundLines).length === 0) {
        found.lines = t("billing.creditNote.noLines");
      }
    }
    setErrors(found);
    setLineErrors(foundLines);
    if (found.reason !== undefined || found.lines !== undefined) return;
    if (Object.keys(foundLines).length > 0) return;
    setSentPositions(lines.map((line) => line.position));
    creditNote.mutate(
      {
        mode,
        reason: reason.trim(),
        adminFee,
        ...(mode === "partial" ? { lines } : {}),
      },
      {
        onSuccess: (result) => {
          setReason("");
          setQuantities({});
          setAdminFee(false);
          setMode("storno");
          onIssued(result);
        },
      },
    );
  };

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t("billing.creditNote.title", { number: doc.number })}
      size="lg"
      fullScreen={isPhone}
      closeButtonProps={{ "aria-label": t("common.close") }}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <Radio.Group
            label={t("billing.creditNote.mode")}
            value={mode}
            onChange={(value) => {
              setMode(value === "partial" ? "partial" : "storno");
            }}
          >
            <Stack gap="xs" mt="xs">
              <Radio
                value="storno"
                label={t("billing.creditNote.storno")}
                description={t("billing.creditNote.stornoHint")}
              />
              <Radio
                value="partial"
                label={t("billing.creditNote.partial")}
                description={t("billing.creditNote.partialHint")}
              />
            </Stack>
          </Radio.Group>

          {mode === "partial" && (
            <Fieldset legend={t("billing.creditNote.quantities")}>
              <Stack gap="sm">
                {errors.lines !== undefined && (
                  <Text c="red.9" size="sm" role="alert">
                    {errors.lines}
                  </Text>
                )}
                {doc.lines.map((line) => (
                  <TextInput
                    key={line.position}
                    label={t("billing.creditNote.lineLabel", {
                      position: line.position,
                      description: line.description,
                    })}
                    description={t("billing.creditNote.invoiced", {
                      quantity: format.decimal(line.quantity),
                      unit: t(`invoices.unit.${line.unit}`, {
                        count: Math.abs(Number(line.quantity)),
                      }),
                      price: format.money(line.unitPrice),
                    })}
                    inputMode="decimal"
                    placeholder="0"
                    value={quantities[line.position] ?? ""}
                    error={lineErrors[line.position] ?? serverLineError(line.position)}
                    onChange={(event) => {
                      const value = event.currentTarget.value;
                      setQuantities((previous) => ({ ...previous, [line.position]: value }));
                    }}
                  />
                ))}
              </Stack>
            </Fieldset>
          )}

          <Textarea
            label={t("billing.creditNote.reason")}
            description={t("billing.creditNote.reasonHint")}
            required
            autosize
            minRows={2}
            maxLength={500}
            value={reason}
            error={errors.reason ?? serverFieldErrors.reason}
            onChange={(event) => {
              setReason(event.currentTarget.value);
            }}
          />
          <Checkbox
            label={t("billing.creditNote.adminFee")}
            description={
              fee === undefined
                ? t("billing.creditNote.adminFeeHint")
                : t("billing.creditNote.adminFeeAmount", {
                    amount: format.money({ amount: fee.amount, currency: fee.currency }),
                  })
            }
            checked={adminFee}
            onChange={(event) => {
              setAdminFee(event.currentTarget.checked);
            }}
          />
          {creditNote.isError && <ErrorAlert error={creditNote.error} withServerMessage />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t("common.cancel")}
            </Button>
            <Button type="submit" loading={creditNote.isPending}>
              {mode === "storno"
                ? t("billing.creditNote.submitStorno")
                : t("billing.creditNote.submitPartial")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
