import {
  Alert,
  Button,
  Fieldset,
  Group,
  NativeSelect,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/problem";
import { ErrorAlert, fieldErrorsOf } from "../../components/ErrorAlert";
import { Notice } from "../../components/Notice";
import { useFormat } from "../../i18n/format";
import { BillingDataFields, isBillingDataField } from "../payments/BillingDataFields";
import {
  useSaveBillingData,
  type BillingData,
  type BillingDataChange,
  type BillingDataUpdate,
  type SettingsOwner,
} from "./settingsApi";

type EInvoiceChoice = "none" | "ovt" | "peppol";

interface Draft {
  legalName: string;
  country: string;
  postalCode: string;
  city: string;
  addressLine: string;
  taxNumber: string;
  euVatNumber: string;
  eInvoice: EInvoiceChoice;
  ovtAddress: string;
  ovtOperator: string;
  participantId: string;
  language: "hu" | "en";
}

type TextField = Exclude<keyof Draft, "eInvoice" | "language">;

/** The server's error paths (below `body.`) and the field each belongs to. */
const FIELD_OF_PATH: Record<string, TextField> = {
  legalName: "legalName",
  country: "country",
  postalCode: "postalCode",
  city: "city",
  addressLine: "addressLine",
  taxNumber: "taxNumber",
  euVatNumber: "euVatNumber",
  "eInvoice.address": "ovtAddress",
  "eInvoice.operator": "ovtOperator",
  "eInvoice.participantId": "participantId",
};

const REQUIRED: readonly TextField[] = [
  "legalName",
  "country",
  "postalCode",
  "city",
  "addressLine",
];

function draftOf(data: BillingData): Draft {
  const e = data.eInvoice;
  return {
    legalName: data.legalName,
    country: data.country,
    postalCode: data.postalCode,
    city: data.city,
    addressLine: data.addressLine,
    taxNumber: data.taxNumber ?? "",
    euVatNumber: data.euVatNumber ?? "",
    eInvoice: e === null ? "none" : e.type,
    ovtAddress: e?.type === "ovt" ? e.address : "",
    ovtOperator: e?.type === "ovt" ? e.operator : "",
    participantId: e?.type === "peppol" ? e.participantId : "",
    language: data.language,
  };
}

function bodyOf(d: Draft): BillingDataChange {
  const orNull = (v: string) => (v.trim() === "" ? null : v.trim());
  return {
    legalName: d.legalName,
    country: d.country,
    postalCode: d.postalCode,
    city: d.city,
    addressLine: d.addressLine,
    taxNumber: orNull(d.taxNumber),
    euVatNumber: orNull(d.euVatNumber),
    eInvoice:
      d.eInvoice === "ovt"
        ? { type: "ovt", address: d.ovtAddress, operator: d.ovtOperator }
        : d.eInvoice === "peppol"
          ? { type: "peppol", participantId: d.participantId }
          : null,
    language: d.language,
  };
}

function SavedMessage({ result }: { result: BillingDataUpdate }) {
  const { t } = useTranslation();
  return (
    <Alert color="green" c="dark.9" role="status">
      <Text size="sm">
        {result.changed.length === 0 ? t("profileData.unchanged") : t("profileData.saved")}
      </Text>
      {result.vatCheck !== null && (
        <Text size="sm" mt="xs">
          {t(`profileData.vatCheck.${result.vatCheck.result}`)}
        </Text>
      )}
    </Alert>
  );
}

/**
 * The billing-data form of Profile → Data, also used by staff on a customer's page. The server
 * checks every identifier (tax number, EU VAT number, e-invoice address) and answers field by
 * field; each answer is shown on its field in the user's language.
 */
export function BillingDataForm({
  owner,
  data,
  readOnly = false,
  onSaved,
}: {
  owner: SettingsOwner;
  data: BillingData;
  readOnly?: boolean;
  onSaved?: (result: BillingDataUpdate) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const save = useSaveBillingData(owner);
  const [draft, setDraft] = useState<Draft>(() => draftOf(data));
  const [required, setRequired] = useState<Partial<Record<TextField, boolean>>>({});

  const invalid = new Set<TextField>();
  const invalidData =
    save.error instanceof ApiError && save.error.problem?.code === "accounts.billing_data_invalid";
  if (invalidData) {
    for (const path of Object.keys(fieldErrorsOf(save.error))) {
      const field = FIELD_OF_PATH[path];
      if (field) invalid.add(field);
    }
  }

  const errorOf = (name: TextField): string | undefined => {
    if (required[name]) return t("validation.required");
    if (!invalid.has(name)) return undefined;
    if (draft[name].trim() === "")
      return name === "taxNumber"
        ? t("profileData.invalid.taxNumberRequired")
        : t("validation.required");
    return t(`profileData.invalid.${name}`);
  };

  const field = (name: TextField, isRequired = false) => ({
    value: draft[name],
    required: isRequired,
    error: errorOf(name),
    onChange: (event: { currentTarget: { value: string } }) => {
      const value = event.currentTarget.value;
      setDraft((previous) => ({ ...previous, [name]: value }));
    },
  });

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const missing: Partial<Record<TextField, boolean>> = {};
    for (const name of REQUIRED) if (draft[name].trim() === "") missing[name] = true;
    setRequired(missing);
    if (Object.keys(missing).length > 0) return;
    save.mutate(bodyOf(draft), {
      onSuccess: (result) => {
        setDraft(draftOf(result.billingData));
        onSaved?.(result);
      },
    });
  };

  const countryName = /^[A-Za-z]{2}$/.test(draft.country.trim())
    ? format.country(draft.country.trim().toUpperCase())
    : undefined;
  const missingFields = data.missing.filter(isBillingDataField);

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Notice color="blue" heading={t("profileData.newDocumentsTitle")}>
          <Text size="sm">{t("profileData.newDocumentsText")}</Text>
        </Notice>
        {missingFields.length > 0 && (
          <Notice color="yellow" c="dark.9" heading={t("profileData.missingTitle")}>
            <BillingDataFields missing={missingFields} />
          </Notice>
        )}
        <Text size="sm">
          {t("profileData.kindAndCurrency", {
            kind: t(`profileData.kind.${data.kind}`),
            currency: data.currency,
          })}
        </Text>
        <Fieldset legend={t("profileData.buyer")} disabled={readOnly}>
          <Stack gap="sm">
            <TextInput
              label={t("profileData.legalName")}
              autoComplete="organization"
              maxLength={255}
              {...field("legalName", true)}
            />
            <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
              <TextInput
                label={t("profileData.country")}
                description={countryName ?? t("profileData.countryHint")}
                autoComplete="country"
                maxLength={2}
                {...field("country", true)}
              />
              <TextInput
                label={t("profileData.postalCode")}
                autoComplete="postal-code"
                maxLength={20}
                {...field("postalCode", true)}
              />
              <TextInput
                label={t("profileData.city")}
                autoComplete="address-level2"
                maxLength={255}
                {...field("city", true)}
              />
              <TextInput
                label={t("profileData.addressLine")}
                autoComplete="street-address"
                maxLength={255}
                {...field("addressLine", true)}
              />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
              <TextInput
                label={t("profileData.taxNumber")}
                description={t("profileData.taxNumberHint")}
                maxLength={40}
                {...field("taxNumber")}
              />
              <TextInput
                label={t("profileData.euVatNumber")}
                description={t("profileData.euVatNumberHint")}
                maxLength={40}
                {...field("euVatNumber")}
              />
            </SimpleGrid>
            <NativeSelect
              label={t("profileData.language")}
              description={t("profileData.languageHint")}
              data={[
                { value: "hu", label: t("language.hu") },
                { value: "en", label: t("language.en") },
              ]}
              value={draft.language}
              onChange={(event) => {
                const language = event.currentTarget.value === "en" ? "en" : "hu";
                setDraft((previous) => ({ ...previous, language }));
              }}
            />
          </Stack>
        </Fieldset>
        <Fieldset legend={t("profileData.eInvoice")} disabled={readOnly}>
          <Stack gap="sm">
            <Radio.Group
              label={t("profileData.eInvoiceKind")}
              value={draft.eInvoice}
              onChange={(value) => {
                const choice: EInvoiceChoice =
                  value === "ovt" || value === "peppol" ? value : "none";
                setDraft((previous) => ({ ...previous, eInvoice: choice }));
              }}
            >
              <Group gap="md" mt={4}>
                <Radio value="none" label={t("profileData.eInvoiceNone")} />
                <Radio value="ovt" label={t("profileData.eInvoiceOvt")} />
                <Radio value="peppol" label={t("profileData.eInvoicePeppol")} />
              </Group>
            </Radio.Group>
            {draft.eInvoice === "ovt" && (
              <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
                <TextInput
                  label={t("profileData.ovtAddress")}
                  description={t("profileData.ovtAddressHint")}
                  maxLength={40}
                  {...field("ovtAddress", true)}
                />
                <TextInput
                  label={t("profileData.ovtOperator")}
                  description={t("profileData.ovtOperatorHint")}
                  maxLength={40}
                  {...field("ovtOperator", true)}
                />
              </SimpleGrid>
            )}
            {draft.eInvoice === "peppol" && (
              <TextInput
                label={t("profileData.participantId")}
                description={t("profileData.participantIdHint")}
                maxLength={100}
                {...field("participantId", true)}
              />
            )}
          </Stack>
        </Fieldset>
        {save.isError &&
          (invalidData ? (
            <Alert color="red" c="dark.9">
              {t("profileData.fixErrors")}
            </Alert>
          ) : (
            <ErrorAlert error={save.error} />
          ))}
        {save.isSuccess && <SavedMessage result={save.data} />}
        {!readOnly && (
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t("profileData.save")}
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}
