import {
  Alert,
  Button,
  Checkbox,
  Fieldset,
  NativeSelect,
  Radio,
  SimpleGrid,
  Stack,
  TextInput,
} from "@mantine/core";
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import type { InvoicingSettings, Seller } from "../../api/types";
import { ErrorAlert, fieldErrorsOf } from "../../components/ErrorAlert";
import { PageTitle } from "../../components/PageTitle";
import { QueryContent } from "../../components/QueryContent";
import { Section } from "../../components/Section";
import { useInvoicingSettings, useSaveInvoicingSettings } from "./api";
import { normalizeDecimal } from "./decimal";

interface SellerDraft {
  name: string;
  country: string;
  postalCode: string;
  city: string;
  addressLine: string;
  taxNumber: string;
  euVatNumber: string;
  registrationNumber: string;
  email: string;
  phone: string;
  iban: string;
  bic: string;
  bankName: string;
  vatExempt: boolean;
}

type SellerText = Exclude<keyof SellerDraft, "vatExempt">;

function sellerDraft(seller: Seller | null): SellerDraft {
  return {
    name: seller?.name ?? "",
    country: seller?.country ?? "HU",
    postalCode: seller?.postalCode ?? "",
    city: seller?.city ?? "",
    addressLine: seller?.addressLine ?? "",
    taxNumber: seller?.taxNumber ?? "",
    euVatNumber: seller?.euVatNumber ?? "",
    registrationNumber: seller?.registrationNumber ?? "",
    email: seller?.email ?? "",
    phone: seller?.phone ?? "",
    iban: seller?.bankAccount?.iban ?? "",
    bic: seller?.bankAccount?.bic ?? "",
    bankName: seller?.bankAccount?.bankName ?? "",
    vatExempt: seller?.vatExempt ?? false,
  };
}

function orNull(value: string): string | null {
  const trimmed = value.trim();
  return trimmed === "" ? null : trimmed;
}

/** The field a server error path points at: "seller.bankAccount.iban" → "iban". */
const SELLER_PATHS: Record<string, SellerText> = {
  "seller.bankAccount.iban": "iban",
  "seller.bankAccount.bic": "bic",
  "seller.bankAccount.bankName": "bankName",
};

function SellerForm({ seller }: { seller: Seller | null }) {
  const { t } = useTranslation();
  const save = useSaveInvoicingSettings();
  const [draft, setDraft] = useState<SellerDraft>(() => sellerDraft(seller));
  const [errors, setErrors] = useState<Partial<Record<SellerText, string>>>({});
  const [saved, setSaved] = useState(false);

  const serverErrors: Partial<Record<SellerText, string>> = {};
  for (const [path, message] of Object.entries(fieldErrorsOf(save.error))) {
    const field = SELLER_PATHS[path] ?? path.replace(/^seller\./, "");
    if (field in draft) serverErrors[field as SellerText] = message;
  }

  const field = (name: SellerText, required = false) => ({
    value: draft[name],
    required,
    error: errors[name] ?? serverErrors[name],
    onChange: (event: { currentTarget: { value: string } }) => {
      const value = event.currentTarget.value;
      setDraft((previous) => ({ ...previous, [name]: value }));
    },
  });

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: Partial<Record<SellerText, string>> = {};
    for (const name of ["name", "country", "postalCode", "city", "addressLine"] as const) {
      if (draft[name].trim() === "") found[name] = t("validation.required");
    }
    if (draft.iban.trim() === "" && (draft.bic.trim() !== "" || draft.bankName.trim() !== "")) {
      found.iban = t("validation.required");
    }
    setErrors(found);
    setSaved(false);
    if (Object.keys(found).length > 0) return;
    const iban = draft.iban.replace(/\s+/g, "").toUpperCase();
    save.mutate(
      {
        seller: {
          name: draft.name.trim(),
          country: draft.country.trim().toUpperCase(),
          postalCode: draft.postalCode.trim(),
          city: draft.city.trim(),
          addressLine: draft.addressLine.trim(),
          taxNumber: orNull(draft.taxNumber),
          euVatNumber: orNull(draft.euVatNumber.replace(/\s+/g, "").toUpperCase()),
          registrationNumber: orNull(draft.registrationNumber),
          email: orNull(draft.email),
          phone: orNull(draft.phone),
          bankAccount:
            iban === ""
              ? null
              : {
                  iban,
                  bic: orNull(draft.bic.toUpperCase()),
                  bankName: orNull(draft.bankName),
                },
          vatExempt: draft.vatExempt,
        },
      },
      {
        onSuccess: () => {
          setSaved(true);
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {seller === null && (
          <Alert color="yellow" c="dark.9">
            {t("billing.settings.sellerMissing")}
          </Alert>
        )}
        <TextInput label={t("billing.settings.seller.name")} {...field("name", true)} />
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
          <TextInput
            label={t("billing.settings.seller.country")}
            description={t("billing.settings.seller.countryHint")}
            maxLength={2}
            {...field("country", true)}
          />
          <TextInput
            label={t("billing.settings.seller.postalCode")}
            {...field("postalCode", true)}
          />
          <TextInput label={t("billing.settings.seller.city")} {...field("city", true)} />
          <TextInput
            label={t("billing.settings.seller.addressLine")}
            {...field("addressLine", true)}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="sm">
          <TextInput
            label={t("billing.settings.seller.taxNumber")}
            description={t("billing.settings.seller.taxNumberHint")}
            {...field("taxNumber")}
          />
          <TextInput
            label={t("billing.settings.seller.euVatNumber")}
            description={t("billing.settings.seller.euVatNumberHint")}
            {...field("euVatNumber")}
          />
          <TextInput
            label={t("billing.settings.seller.registrationNumber")}
            {...field("registrationNumber")}
          />
          <TextInput type="email" label={t("billing.settings.seller.email")} {...field("email")} />
          <TextInput type="tel" label={t("billing.settings.seller.phone")} {...field("phone")} />
        </SimpleGrid>
        <Fieldset legend={t("billing.settings.seller.bankAccount")}>
          <SimpleGrid cols={{ base: 1, md: 3 }} spacing="sm">
            <TextInput
              label={t("billing.settings.seller.iban")}
              description={t("billing.settings.seller.ibanHint")}
              {...field("iban")}
            />
            <TextInput label={t("billing.settings.seller.bic")} {...field("bic")} />
            <TextInput label={t("billing.settings.seller.bankName")} {...field("bankName")} />
          </SimpleGrid>
        </Fieldset>
        <Checkbox
          label={t("billing.settings.seller.vatExempt")}
          description={t("billing.settings.seller.vatExemptHint")}
          checked={draft.vatExempt}
          onChange={(event) => {
            const checked = event.currentTarget.checked;
            setDraft((previous) => ({ ...previous, vatExempt: checked }));
          }}
        />
        {save.isError && <ErrorAlert error={save.error} withServerMessage />}
        {saved && (
          <Alert color="teal" role="status">
            {t("billing.settings.saved")}
          </Alert>
        )}
        <div>
          <Button type="submit" loading={save.isPending}>
            {t("billing.settings.saveSeller")}
          </Button>
        </div>
      </Stack>
    </form>
  );
}

type DayField = "proformaDueDays" | "invoiceDueDays" | "viesMaxAgeDays";
const DAY_LIMITS: Record<DayField, { min: number; max: number }> = {
  proformaDueDays: { min: 0, max: 90 },
  invoiceDueDays: { min: 0, max: 90 },
  viesMaxAgeDays: { min: 1, max: 365 },
};

function SettingsForm({ settings }: { settings: InvoicingSettings }) {
  const { t } = useTranslation();
  const save = useSaveInvoicingSettings();
  const [draft, setDraft] = useState<InvoicingSettings>(settings);
  const [days, setDays] = useState<Record<DayField, string>>({
    proformaDueDays: String(settings.proformaDueDays),
    invoiceDueDays: String(settings.invoiceDueDays),
    viesMaxAgeDays: String(settings.viesMaxAgeDays),
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const serverErrors = fieldErrorsOf(save.error);
  const errorOf = (path: string) => errors[path] ?? serverErrors[`settings.${path}`];

  const set = (change: Partial<InvoicingSettings>) => {
    setDraft((previous) => ({ ...previous, ...change }));
  };
  const setSeries = (key: keyof InvoicingSettings["series"], value: string) => {
    setDraft((previous) => ({ ...previous, series: { ...previous.series, [key]: value } }));
  };

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: Record<string, string> = {};
    const parsedDays = {} as Record<DayField, number>;
    for (const key of Object.keys(DAY_LIMITS) as DayField[]) {
      const { min, max } = DAY_LIMITS[key];
      const value = Number(days[key]);
      if (!/^\d+$/.test(days[key].trim()) || value < min || value > max) {
        found[key] = t("billing.settings.dayRange", { min, max });
      }
      parsedDays[key] = value;
    }
    for (const key of ["invoice", "creditNote", "proforma"] as const) {
      if (!/^[A-Z0-9]{1,10}$/.test(draft.series[key])) {
        found[`series.${key}`] = t("billing.settings.seriesRule");
      }
    }
    const fee = normalizeDecimal(draft.adminFee.amount, 2);
    if (fee === null) found["adminFee.amount"] = t("billing.newDocument.invalidAmount");
    if (draft.numberFormat.trim() === "") found.numberFormat = t("validation.required");
    setErrors(found);
    setSaved(false);
    if (Object.keys(found).length > 0 || fee === null) return;
    save.mutate(
      {
        settings: {
          ...draft,
          ...parsedDays,
          numberFormat: draft.numberFormat.trim(),
          adminFee: { ...draft.adminFee, amount: fee },
        },
      },
      {
        onSuccess: () => {
          setSaved(true);
        },
      },
    );
  };

  const dayInput = (key: DayField) => ({
    type: "number",
    min: DAY_LIMITS[key].min,
    max: DAY_LIMITS[key].max,
    value: days[key],
    error: errorOf(key),
    onChange: (event: { currentTarget: { value: string } }) => {
      const value = event.currentTarget.value;
      setDays((previous) => ({ ...previous, [key]: value }));
    },
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Radio.Group
          label={t("billing.settings.timing")}
          value={draft.timing}
          onChange={(value) => {
            set({ timing: value === "in_advance" ? "in_advance" : "after_payment" });
          }}
        >
          <Stack gap="xs" mt="xs">
            <Radio
              value="after_payment"
              label={t("billing.settings.timings.after_payment")}
              description={t("billing.settings.timings.after_paymentHint")}
            />
            <Radio
              value="in_advance"
              label={t("billing.settings.timings.in_advance")}
              description={t("billing.settings.timings.in_advanceHint")}
            />
          </Stack>
        </Radio.Group>
        <Fieldset legend={t("billing.settings.numbering")}>
          <Stack gap="sm">
            <TextInput
              label={t("billing.settings.numberFormat")}
              description={t("billing.settings.numberFormatHint")}
              value={draft.numberFormat}
              error={errorOf("numberFormat")}
              onChange={(event) => {
                set({ numberFormat: event.currentTarget.value });
              }}
            />
            <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
              {(["invoice", "creditNote", "proforma"] as const).map((key) => (
                <TextInput
                  key={key}
                  label={t(`billing.settings.series.${key}`)}
                  maxLength={10}
                  value={draft.series[key]}
                  error={errorOf(`series.${key}`)}
                  onChange={(event) => {
                    setSeries(key, event.currentTarget.value.toUpperCase());
                  }}
                />
              ))}
            </SimpleGrid>
          </Stack>
        </Fieldset>
        <Fieldset legend={t("billing.settings.payment")}>
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
              <TextInput
                label={t("billing.settings.proformaDueDays")}
                {...dayInput("proformaDueDays")}
              />
              <TextInput
                label={t("billing.settings.invoiceDueDays")}
                {...dayInput("invoiceDueDays")}
              />
            </SimpleGrid>
            <Checkbox
              label={t("billing.settings.applyCreditAutomatically")}
              description={t("billing.settings.applyCreditAutomaticallyHint")}
              checked={draft.applyCreditAutomatically}
              onChange={(event) => {
                set({ applyCreditAutomatically: event.currentTarget.checked });
              }}
            />
            <Checkbox
              label={t("billing.settings.cashAccounting")}
              description={t("billing.settings.cashAccountingHint")}
              checked={draft.cashAccounting}
              onChange={(event) => {
                set({ cashAccounting: event.currentTarget.checked });
              }}
            />
            <Checkbox
              label={t("billing.settings.monthlyStatements")}
              description={t("billing.settings.monthlyStatementsHint")}
              checked={draft.monthlyStatements}
              onChange={(event) => {
                set({ monthlyStatements: event.currentTarget.checked });
              }}
            />
          </Stack>
        </Fieldset>
        <Fieldset legend={t("billing.settings.adminFee")}>
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
            <TextInput
              label={t("billing.settings.adminFeeAmount")}
              description={t("billing.settings.adminFeeHint")}
              inputMode="decimal"
              value={draft.adminFee.amount}
              error={errorOf("adminFee.amount")}
              onChange={(event) => {
                set({ adminFee: { ...draft.adminFee, amount: event.currentTarget.value } });
              }}
            />
            <NativeSelect
              label={t("billing.settings.adminFeeCurrency")}
              value={draft.adminFee.currency}
              onChange={(event) => {
                set({
                  adminFee: {
                    ...draft.adminFee,
                    currency: event.currentTarget.value === "EUR" ? "EUR" : "HUF",
                  },
                });
              }}
              data={["HUF", "EUR"]}
            />
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend={t("billing.settings.vies")}>
          <Stack gap="sm">
            <Radio.Group
              label={t("billing.settings.viesUnavailable")}
              value={draft.viesUnavailable}
              onChange={(value) => {
                set({ viesUnavailable: value === "fallback_consumer" ? value : "wait" });
              }}
            >
              <Stack gap="xs" mt="xs">
                <Radio value="wait" label={t("billing.settings.viesModes.wait")} />
                <Radio
                  value="fallback_consumer"
                  label={t("billing.settings.viesModes.fallback_consumer")}
                />
              </Stack>
            </Radio.Group>
            <TextInput
              label={t("billing.settings.viesMaxAgeDays")}
              maw={240}
              {...dayInput("viesMaxAgeDays")}
            />
          </Stack>
        </Fieldset>
        {save.isError && <ErrorAlert error={save.error} withServerMessage />}
        {saved && (
          <Alert color="teal" role="status">
            {t("billing.settings.saved")}
          </Alert>
        )}
        <div>
          <Button type="submit" loading={save.isPending}>
            {t("billing.settings.saveSettings")}
          </Button>
        </div>
      </Stack>
    </form>
  );
}

/** /staff/settings/invoicing: who issues the documents (seller) and how (settings). */
export function InvoicingSettingsPage() {
  const { t } = useTranslation();
  const data = useInvoicingSettings();
  return (
    <>
      <PageTitle>{t("billing.settings.title")}</PageTitle>
      <QueryContent query={data}>
        {({ seller, settings }) => (
          <>
            <Section title={t("billing.settings.sellerTitle")} first>
              <SellerForm seller={seller} />
            </Section>
            <Section title={t("billing.settings.settingsTitle")}>
              <SettingsForm settings={settings} />
            </Section>
          </>
        )}
      </QueryContent>
    </>
  );
}
