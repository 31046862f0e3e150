import {
  Button,
  Checkbox,
  Fieldset,
  Group,
  NativeSelect,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
} from "@mantine/core";
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useSearchParams } from "react-router";
import type { ManualPaymentInput, StaffDocument } from "../../api/types";
import { BackLink } from "../../components/BackLink";
import { ErrorAlert, fieldErrorsOf } from "../../components/ErrorAlert";
import { LoadMore } from "../../components/LoadMore";
import { PageTitle } from "../../components/PageTitle";
import { QueryContent } from "../../components/QueryContent";
import { useFormat } from "../../i18n/format";
import { useStaffDocuments } from "../billing/api";
import { compareDecimals, isZeroDecimal, normalizeDecimal } from "../billing/decimal";
import { localToday } from "../billing/today";
import { documentKindLabel } from "../invoices/documentKind";
import { isPayable } from "../payments/payable";
import { CustomerPicker } from "../staff/CustomerPicker";
import { useCustomer } from "../staff/api";
import { newIdempotencyKey, useRecordPayment } from "./api";
import type { RecordedState } from "./recordedState";

type Currency = ManualPaymentInput["currency"];
type Method = ManualPaymentInput["method"];

const CURRENCIES: readonly Currency[] = ["HUF", "EUR"];
const METHODS: readonly Method[] = ["cash", "transfer", "other"];

type Errors = Record<string, string>;

/** The open documents of the customer in the currency, to tick the ones the money pays. */
function OpenDocuments({
  customerId,
  currency,
  chosen,
  amounts,
  errors,
  onToggle,
  onAmount,
}: {
  customerId: string;
  currency: Currency;
  chosen: readonly string[];
  amounts: Readonly<Record<string, string>>;
  errors: Errors;
  onToggle: (document: StaffDocument, checked: boolean) => void;
  onAmount: (id: string, value: string) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const documents = useStaffDocuments({
    kind: null,
    status: "open",
    from: null,
    to: null,
    q: "",
    customerId,
  });
  return (
    <Fieldset legend={t("payments.manual.documents")}>
      <Text size="sm" mb="sm">
        {t("payments.manual.documentsHint")}
      </Text>
      <QueryContent query={documents}>
        {({ pages }) => {
          const open = pages
            .flatMap((page) => page.items)
            .filter((document) => isPayable(document) && document.due.currency === currency);
          if (open.length === 0) return <Text size="sm">{t("payments.manual.noOpen")}</Text>;
          return (
            <Stack gap="sm">
              {open.map((document) => {
                const index = chosen.indexOf(document.id);
                return (
                  <div key={document.id}>
                    <Checkbox
                      label={t("payments.manual.document", {
                        kind: documentKindLabel(t, document),
                        number: document.number,
                        due: format.money(document.due),
                      })}
                      checked={index >= 0}
                      onChange={(event) => {
                        onToggle(document, event.currentTarget.checked);
                      }}
                    />
                    {index >= 0 && (
                      <TextInput
                        ml={32}
                        mt="xs"
                        maw={280}
                        label={t("payments.manual.documentAmount", { number: document.number })}
                        description={t("payments.manual.documentAmountHint")}
                        inputMode="decimal"
                        value={amounts[document.id] ?? ""}
                        error={errors[`documents.${index}.amount`]}
                        onChange={(event) => {
                          onAmount(document.id, event.currentTarget.value);
                        }}
                      />
                    )}
                  </div>
                );
              })}
              <LoadMore query={documents} />
            </Stack>
          );
        }}
      </QueryContent>
    </Fieldset>
  );
}

/** /staff/payments/new — record money received outside the gateways and statements. */
export function NewPaymentPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const record = useRecordPayment();
  // One key for this form: a double submit (or a retry after a lost answer) records one payment.
  const [idempotencyKey] = useState(newIdempotencyKey);

  const [customerId, setCustomerId] = useState<string | null>(searchParams.get("customerId"));
  const [chosenCurrency, setChosenCurrency] = useState<Currency | null>(null);
  const [amount, setAmount] = useState("");
  const [method, setMethod] = useState<Method>("cash");
  const [receivedOn, setReceivedOn] = useState(localToday);
  const [documents, setDocuments] = useState<string[]>([]);
  const [amounts, setAmounts] = useState<Record<string, string>>({});
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<Errors>({});

  const customer = useCustomer(customerId ?? "", { enabled: customerId !== null });
  const currency: Currency =
    chosenCurrency ?? (customer.data?.customer.currency === "EUR" ? "EUR" : "HUF");
  const serverErrors = fieldErrorsOf(record.error);
  const errorOf = (path: string): string | undefined => errors[path] ?? serverErrors[path];

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: Errors = {};
    const required = t("validation.required");
    if (customerId === null) found.customerId = required;
    const total = normalizeDecimal(amount, 2);
    if (total === null || isZeroDecimal(total)) found.amount = t("payments.manual.invalidAmount");
    if (receivedOn === "") found.receivedOn = required;
    else if (receivedOn > localToday()) found.receivedOn = t("payments.manual.inFuture");
    const lines = documents.map((id, index) => {
      const typed = (amounts[id] ?? "").trim();
      if (typed === "") return { id };
      const value = normalizeDecimal(typed, 2);
      if (value === null || isZeroDecimal(value)) {
        found[`documents.${index}.amount`] = t("payments.manual.invalidAmount");
        return { id };
      }
      if (total !== null && compareDecimals(value, total) > 0) {
        found[`documents.${index}.amount`] = t("payments.manual.moreThanPayment");
      }
      return { id, amount: value };
    });
    setErrors(found);
    if (Object.keys(found).length > 0 || customerId === null || total === null) return;
    record.mutate(
      {
        customerId,
        amount: total,
        currency,
        method,
        receivedOn,
        documents: lines,
        ...(note.trim() === "" ? {} : { note: note.trim() }),
        idempotencyKey,
      },
      {
        onSuccess: ({ paymentId, duplicate }) => {
          const state: RecordedState = { recorded: { paymentId, duplicate } };
          void navigate(`/staff/payments/${encodeURIComponent(paymentId)}`, { state });
        },
      },
    );
  };

  const resetDocuments = () => {
    setDocuments([]);
    setAmounts({});
  };

  return (
    <>
      <BackLink to="/staff/payments">{t("payments.staff.back")}</BackLink>
      <PageTitle>{t("payments.manual.title")}</PageTitle>
      <Text mb="md">{t("payments.manual.intro")}</Text>
      <form onSubmit={submit} noValidate>
        <Stack gap="md" maw={720}>
          <CustomerPicker
            label={t("payments.customer")}
            value={customerId}
            onChange={(id) => {
              setCustomerId(id);
              setChosenCurrency(null);
              resetDocuments();
            }}
            error={errorOf("customerId")}
            required
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              label={t("payments.manual.amount")}
              required
              inputMode="decimal"
              value={amount}
              error={errorOf("amount")}
              onChange={(event) => {
                setAmount(event.currentTarget.value);
              }}
            />
            <NativeSelect
              label={t("payments.manual.currency")}
              value={currency}
              onChange={(event) => {
                const value = event.currentTarget.value;
                setChosenCurrency(CURRENCIES.find((candidate) => candidate === value) ?? null);
                resetDocuments();
              }}
              data={CURRENCIES.map((value) => ({ value, label: value }))}
            />
            <TextInput
              type="date"
              label={t("payments.manual.receivedOn")}
              required
              max={localToday()}
              value={receivedOn}
              error={errorOf("receivedOn")}
              onChange={(event) => {
                setReceivedOn(event.currentTarget.value);
              }}
            />
          </SimpleGrid>
          <Radio.Group
            label={t("payments.methodLabel")}
            value={method}
            onChange={(value) => {
              setMethod(METHODS.find((candidate) => candidate === value) ?? method);
            }}
          >
            <Group mt="xs">
              {METHODS.map((value) => (
                <Radio key={value} value={value} label={t(`invoices.paymentMethods.${value}`)} />
              ))}
            </Group>
          </Radio.Group>
          {customerId !== null && (
            <OpenDocuments
              customerId={customerId}
              currency={currency}
              chosen={documents}
              amounts={amounts}
              errors={{ ...serverErrors, ...errors }}
              onToggle={(document, checked) => {
                setDocuments((previous) =>
                  checked
                    ? [...previous, document.id]
                    : previous.filter((id) => id !== document.id),
                );
              }}
              onAmount={(id, value) => {
                setAmounts((previous) => ({ ...previous, [id]: value }));
              }}
            />
          )}
          <Textarea
            label={t("payments.note")}
            autosize
            minRows={2}
            maxLength={1000}
            value={note}
            onChange={(event) => {
              setNote(event.currentTarget.value);
            }}
          />
          {Object.keys(errors).length > 0 && (
            <Text c="red.9" size="sm" role="alert">
              {t("payments.manual.fixErrors")}
            </Text>
          )}
          {record.isError && <ErrorAlert error={record.error} withServerMessage />}
          <Group>
            <Button type="submit" loading={record.isPending}>
              {t("payments.manual.submit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}
