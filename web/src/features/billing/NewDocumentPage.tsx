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
import { useRef, useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useSearchParams } from "react-router";
import type { ManualDocumentInput, ManualDocumentLine } from "../../api/types";
import { BackLink } from "../../components/BackLink";
import { ErrorAlert, fieldErrorsOf } from "../../components/ErrorAlert";
import { PageTitle } from "../../components/PageTitle";
import { Section } from "../../components/Section";
import { CustomerPicker } from "../staff/CustomerPicker";
import { useCustomer } from "../staff/api";
import { useIssueDocument } from "./api";
import { isZeroDecimal, normalizeDecimal, percentToBasisPoints } from "./decimal";
import type { IssuedState } from "./issuedState";

type Kind = ManualDocumentInput["kind"];
type Currency = "HUF" | "EUR";
type Unit = ManualDocumentLine["unit"];
type Supply = ManualDocumentLine["supply"];
type VatCategory = NonNullable<ManualDocumentLine["vat"]>["category"];
type PaymentMethod = ManualDocumentInput["paymentMethod"];

const CURRENCIES: readonly Currency[] = ["HUF", "EUR"];
const UNITS: readonly Unit[] = ["piece", "hour", "day", "month", "year"];
const SUPPLIES: readonly Supply[] = ["electronic", "general"];
const VAT_CATEGORIES: readonly VatCategory[] = ["S", "Z", "E", "AE", "K", "G", "O"];
const PAYMENT_METHODS: readonly PaymentMethod[] = ["transfer", "card", "cash", "other"];

function oneOf<T extends string>(values: readonly T[], value: string, fallback: T): T {
  return values.find((candidate) => candidate === value) ?? fallback;
}

interface LineDraft {
  key: number;
  description: string;
  quantity: string;
  unit: Unit;
  unitPrice: string;
  discount: string;
  supply: Supply;
  periodFrom: string;
  periodTo: string;
  overrideVat: boolean;
  vatCategory: VatCategory;
  vatRate: string;
}

function emptyLine(key: number): LineDraft {
  return {
    key,
    description: "",
    quantity: "1",
    unit: "piece",
    unitPrice: "",
    discount: "",
    supply: "electronic",
    periodFrom: "",
    periodTo: "",
    overrideVat: false,
    vatCategory: "S",
    vatRate: "27",
  };
}

type Errors = Record<string, string>;

/** /staff/documents/new — issue an invoice or a proforma by hand. */
export function NewDocumentPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const issue = useIssueDocument();
  const nextKey = useRef(1);

  const [kind, setKind] = useState<Kind>("invoice");
  const [customerId, setCustomerId] = useState<string | null>(searchParams.get("customerId"));
  const [chosenCurrency, setChosenCurrency] = useState<Currency | null>(null);
  const [issueDate, setIssueDate] = useState("");
  const [fulfilmentDate, setFulfilmentDate] = useState("");
  const [dueDate, setDueDate] = useState("");
  const [paymentMethod, setPaymentMethod] = useState<PaymentMethod>("transfer");
  const [note, setNote] = useState("");
  const [lines, setLines] = useState<LineDraft[]>([emptyLine(0)]);
  const [errors, setErrors] = useState<Errors>({});

  // The customer's own currency until staff choose another.
  const customer = useCustomer(customerId ?? "", { enabled: customerId !== null });
  const customerCurrency = customer.data?.customer.currency;
  const currency: Currency = chosenCurrency ?? (customerCurrency === "EUR" ? "EUR" : "HUF");

  const serverErrors = fieldErrorsOf(issue.error);
  const errorOf = (path: string): string | undefined => errors[path] ?? serverErrors[path];

  const updateLine = (index: number, change: Partial<LineDraft>) => {
    setLines((previous) =>
      previous.map((line, at) => (at === index ? { ...line, ...change } : line)),
    );
  };

  const validate = (): { found: Errors; body: ManualDocumentInput | null } => {
    const found: Errors = {};
    const required = t("validation.required");
    if (customerId === null) found.customerId = required;
    if (issueDate !== "" && dueDate !== "" && dueDate < issueDate) {
      found.dueDate = t("billing.newDocument.dueBeforeIssue");
    }
    const body: ManualDocumentLine[] = lines.map((line, index) => {
      const at = `lines.${index}`;
      if (line.description.trim() === "") found[`${at}.description`] = required;
      const quantity = normalizeDecimal(line.quantity, 4);
      if (quantity === null || isZeroDecimal(quantity)) {
        found[`${at}.quantity`] = t("billing.newDocument.invalidQuantity");
      }
      const unitPrice = normalizeDecimal(line.unitPrice, 2);
      if (unitPrice === null) found[`${at}.unitPrice`] = t("billing.newDocument.invalidAmount");
      const discount = line.discount.trim() === "" ? null : normalizeDecimal(line.discount, 2);
      if (line.discount.trim() !== "" && discount === null) {
        found[`${at}.discount`] = t("billing.newDocument.invalidAmount");
      }
      if (line.periodFrom !== "" && line.periodTo !== "" && line.periodTo < line.periodFrom) {
        found[`${at}.periodTo`] = t("billing.newDocument.periodEndsBeforeStart");
      }
      let rateBp = 0;
      if (line.overrideVat && line.vatCategory === "S") {
        const parsed = percentToBasisPoints(line.vatRate);
        if (parsed === null) found[`${at}.vat`] = t("billing.newDocument.invalidRate");
        else rateBp = parsed;
      }
      return {
        description: line.description.trim(),
        quantity: quantity ?? line.quantity,
        unit: line.unit,
        unitPrice: unitPrice ?? line.unitPrice,
        ...(discount === null || isZeroDecimal(discount) ? {} : { discount }),
        supply: line.supply,
        ...(line.overrideVat ? { vat: { category: line.vatCategory, rateBp } } : {}),
        ...(line.periodFrom === "" ? {} : { periodFrom: line.periodFrom }),
        ...(line.periodTo === "" ? {} : { periodTo: line.periodTo }),
      };
    });
    if (Object.keys(found).length > 0 || customerId === null) return { found, body: null };
    return {
      found,
      body: {
        kind,
        customerId,
        currency,
        paymentMethod,
        ...(issueDate === "" ? {} : { issueDate }),
        ...(kind === "invoice" && fulfilmentDate !== "" ? { fulfilmentDate } : {}),
        ...(dueDate === "" ? {} : { dueDate }),
        ...(note.trim() === "" ? {} : { note: note.trim() }),
        lines: body,
      },
    };
  };

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const { found, body } = validate();
    setErrors(found);
    if (body === null) return;
    issue.mutate(body, {
      onSuccess: (created) => {
        const state: IssuedState = { issued: created };
        void navigate(`/staff/documents/${encodeURIComponent(created.id)}`, { state });
      },
    });
  };

  return (
    <>
      <BackLink to="/staff/documents">{t("billing.detail.back")}</BackLink>
      <PageTitle>{t("billing.newDocument.title")}</PageTitle>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Radio.Group
            label={t("billing.newDocument.kind")}
            value={kind}
            onChange={(value) => {
              setKind(value === "proforma" ? "proforma" : "invoice");
            }}
          >
            <Group mt="xs">
              <Radio value="invoice" label={t("invoices.kind.invoice")} />
              <Radio value="proforma" label={t("invoices.kind.proforma")} />
            </Group>
          </Radio.Group>
          <CustomerPicker
            label={t("billing.newDocument.customer")}
            description={t("billing.newDocument.customerHint")}
            value={customerId}
            onChange={setCustomerId}
            error={errorOf("customerId")}
            required
          />
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
            <NativeSelect
              label={t("billing.newDocument.currency")}
              value={currency}
              error={errorOf("currency")}
              onChange={(event) => {
                setChosenCurrency(oneOf(CURRENCIES, event.currentTarget.value, "HUF"));
              }}
              data={[...CURRENCIES]}
            />
            <NativeSelect
              label={t("invoices.paymentMethod")}
              value={paymentMethod}
              onChange={(event) => {
                setPaymentMethod(oneOf(PAYMENT_METHODS, event.currentTarget.value, "transfer"));
              }}
              data={PAYMENT_METHODS.map((method) => ({
                value: method,
                label: t(`invoices.paymentMethods.${method}`),
              }))}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
            <TextInput
              type="date"
              label={t("invoices.issueDate")}
              description={t("billing.newDocument.defaultToday")}
              value={issueDate}
              error={errorOf("issueDate")}
              onChange={(event) => {
                setIssueDate(event.currentTarget.value);
              }}
            />
            {kind === "invoice" && (
              <TextInput
                type="date"
                label={t("invoices.fulfilmentDate")}
                description={t("billing.newDocument.defaultIssueDate")}
                value={fulfilmentDate}
                error={errorOf("fulfilmentDate")}
                onChange={(event) => {
                  setFulfilmentDate(event.currentTarget.value);
                }}
              />
            )}
            <TextInput
              type="date"
              label={t("invoices.dueDate")}
              description={t("billing.newDocument.defaultDue")}
              value={dueDate}
              error={errorOf("dueDate")}
              onChange={(event) => {
                setDueDate(event.currentTarget.value);
              }}
            />
          </SimpleGrid>

          <Section title={t("invoices.lines")}>
            <Stack gap="md">
              {lines.map((line, index) => (
                <LineEditor
                  key={line.key}
                  index={index}
                  line={line}
                  currency={currency}
                  errorOf={(field) => errorOf(`lines.${index}.${field}`)}
                  onChange={(change) => {
                    updateLine(index, change);
                  }}
                  onRemove={
                    lines.length > 1
                      ? () => {
                          setLines((previous) => previous.filter((_, at) => at !== index));
                          setErrors({});
                        }
                      : null
                  }
                />
              ))}
              <Group>
                <Button
                  variant="default"
                  onClick={() => {
                    setLines((previous) => [...previous, emptyLine(nextKey.current++)]);
                  }}
                >
                  {t("billing.newDocument.addLine")}
                </Button>
              </Group>
            </Stack>
          </Section>

          <Textarea
            label={t("invoices.note")}
            description={t("billing.newDocument.noteHint")}
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
              {t("billing.newDocument.fixErrors")}
            </Text>
          )}
          {issue.isError && <ErrorAlert error={issue.error} withServerMessage />}
          <Group>
            <Button type="submit" loading={issue.isPending}>
              {kind === "invoice"
                ? t("billing.newDocument.issueInvoice")
                : t("billing.newDocument.issueProforma")}
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}

interface LineEditorProps {
  index: number;
  line: LineDraft;
  currency: Currency;
  errorOf: (field: string) => string | undefined;
  onChange: (change: Partial<LineDraft>) => void;
  onRemove: (() => void) | null;
}

function LineEditor({ index, line, currency, errorOf, onChange, onRemove }: LineEditorProps) {
  const { t } = useTranslation();
  const number = index + 1;
  return (
    <Fieldset legend={t("billing.newDocument.line", { number })}>
      <Stack gap="sm">
        <TextInput
          label={t("invoices.line.description")}
          required
          maxLength={500}
          value={line.description}
          error={errorOf("description")}
          onChange={(event) => {
            onChange({ description: event.currentTarget.value });
          }}
        />
        <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
          <TextInput
            label={t("invoices.line.quantity")}
            required
            inputMode="decimal"
            value={line.quantity}
            error={errorOf("quantity")}
            onChange={(event) => {
              onChange({ quantity: event.currentTarget.value });
            }}
          />
          <NativeSelect
            label={t("billing.newDocument.unit")}
            value={line.unit}
            onChange={(event) => {
              onChange({ unit: oneOf(UNITS, event.currentTarget.value, "piece") });
            }}
            data={UNITS.map((unit) => ({
              value: unit,
              label: t(`invoices.unitName.${unit}`),
            }))}
          />
          <TextInput
            label={t("billing.newDocument.unitPrice", { currency })}
            required
            inputMode="decimal"
            value={line.unitPrice}
            error={errorOf("unitPrice")}
            onChange={(event) => {
              onChange({ unitPrice: event.currentTarget.value });
            }}
          />
          <TextInput
            label={t("billing.newDocument.discount", { currency })}
            inputMode="decimal"
            value={line.discount}
            error={errorOf("discount")}
            onChange={(event) => {
              onChange({ discount: event.currentTarget.value });
            }}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm">
          <NativeSelect
            label={t("billing.newDocument.supply")}
            value={line.supply}
            onChange={(event) => {
              onChange({ supply: oneOf(SUPPLIES, event.currentTarget.value, "electronic") });
            }}
            data={SUPPLIES.map((supply) => ({
              value: supply,
              label: t(`billing.newDocument.supplies.${supply}`),
            }))}
          />
          <TextInput
            type="date"
            label={t("billing.newDocument.periodFrom")}
            value={line.periodFrom}
            error={errorOf("periodFrom")}
            onChange={(event) => {
              onChange({ periodFrom: event.currentTarget.value });
            }}
          />
          <TextInput
            type="date"
            label={t("billing.newDocument.periodTo")}
            value={line.periodTo}
            error={errorOf("periodTo")}
            onChange={(event) => {
              onChange({ periodTo: event.currentTarget.value });
            }}
          />
        </SimpleGrid>
        <Checkbox
          label={t("billing.newDocument.overrideVat")}
          description={t("billing.newDocument.overrideVatHint")}
          checked={line.overrideVat}
          onChange={(event) => {
            onChange({ overrideVat: event.currentTarget.checked });
          }}
        />
        {line.overrideVat && (
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <NativeSelect
              label={t("billing.newDocument.vatCategory")}
              value={line.vatCategory}
              onChange={(event) => {
                onChange({ vatCategory: oneOf(VAT_CATEGORIES, event.currentTarget.value, "S") });
              }}
              data={VAT_CATEGORIES.map((category) => ({
                value: category,
                label: t(`billing.vatCategories.${category}`),
              }))}
            />
            {line.vatCategory === "S" && (
              <TextInput
                label={t("billing.newDocument.vatRate")}
                inputMode="decimal"
                rightSection="%"
                value={line.vatRate}
                error={errorOf("vat")}
                onChange={(event) => {
                  onChange({ vatRate: event.currentTarget.value });
                }}
              />
            )}
          </SimpleGrid>
        )}
        {onRemove !== null && (
          <Group>
            <Button variant="default" onClick={onRemove}>
              {t("billing.newDocument.removeLine", { number })}
            </Button>
          </Group>
        )}
      </Stack>
    </Fieldset>
  );
}
