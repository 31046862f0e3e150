import {
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
import { useMemo, useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { ErrorAlert, fieldErrorsOf } from "../../components/ErrorAlert";
import { PageTitle } from "../../components/PageTitle";
import { currentLanguage } from "../../i18n";
import { useFormat } from "../../i18n/format";
import { emailError, requiredError } from "../auth/validation";
import { useCreateClient, type NewClientInput } from "./api";
import type { FlashState } from "./flash";

/** The countries offered first (the EU, its neighbours); any other is typed as a code. */
const COUNTRIES = [
  "HU",
  "AT",
  "BE",
  "BG",
  "CY",
  "CZ",
  "DE",
  "DK",
  "EE",
  "ES",
  "FI",
  "FR",
  "GR",
  "HR",
  "IE",
  "IT",
  "LT",
  "LU",
  "LV",
  "MT",
  "NL",
  "PL",
  "PT",
  "RO",
  "SE",
  "SI",
  "SK",
  "CH",
  "GB",
  "NO",
  "RS",
  "UA",
] as const;

interface Fields {
  kind: NewClientInput["kind"];
  name: string;
  country: string;
  postalCode: string;
  city: string;
  addressLine: string;
  taxNumber: string;
  euVatNumber: string;
  language: NewClientInput["language"];
  currency: NewClientInput["currency"];
  ownerName: string;
  ownerEmail: string;
  ownerPhone: string;
}
type FieldName = keyof Fields;
type Errors = Partial<Record<FieldName, string>>;

/** Request paths ("owner.email") to the form's fields. */
const FIELD_OF_PATH: Record<string, FieldName> = {
  name: "name",
  country: "country",
  postalCode: "postalCode",
  city: "city",
  addressLine: "addressLine",
  taxNumber: "taxNumber",
  euVatNumber: "euVatNumber",
  "owner.name": "ownerName",
  "owner.email": "ownerEmail",
  "owner.phone": "ownerPhone",
};

/**
 * /clients/new: an agency opens an account for its client (seed 004). The client's own address
 * becomes the owner, invited to set a password; the agency manages the account and its session
 * switches to it, to order at once.
 */
export function NewClientPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const create = useCreateClient();
  const language = currentLanguage();
  const [fields, setFields] = useState<Fields>({
    kind: "company",
    name: "",
    country: "HU",
    postalCode: "",
    city: "",
    addressLine: "",
    taxNumber: "",
    euVatNumber: "",
    language,
    currency: "HUF",
    ownerName: "",
    ownerEmail: "",
    ownerPhone: "",
  });
  const [errors, setErrors] = useState<Errors>({});

  const server: Errors = {};
  for (const [path, message] of Object.entries(fieldErrorsOf(create.error))) {
    const field = FIELD_OF_PATH[path];
    if (field !== undefined) server[field] = message;
  }

  const countries = useMemo(
    () =>
      COUNTRIES.map((code) => ({ value: code, label: format.country(code) })).sort((a, b) =>
        a.value === "HU" ? -1 : b.value === "HU" ? 1 : a.label.localeCompare(b.label),
      ),
    [format],
  );

  const set = (patch: Partial<Fields>) => {
    setFields((previous) => ({ ...previous, ...patch }));
    setErrors((previous) => {
      const next = { ...previous };
      for (const key of Object.keys(patch) as FieldName[]) delete next[key];
      return next;
    });
  };
  const text = (name: FieldName, required = false) => ({
    value: String(fields[name]),
    required,
    error: errors[name] ?? server[name],
    onChange: (event: { currentTarget: { value: string } }) => {
      set({ [name]: event.currentTarget.value });
    },
  });

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: Errors = {
      name: requiredError(fields.name, t),
      postalCode: requiredError(fields.postalCode, t),
      city: requiredError(fields.city, t),
      addressLine: requiredError(fields.addressLine, t),
      taxNumber:
        fields.kind === "company" && fields.country === "HU"
          ? requiredError(fields.taxNumber, t)
          : undefined,
      ownerName: requiredError(fields.ownerName, t),
      ownerEmail: emailError(fields.ownerEmail, t),
    };
    setErrors(found);
    if (Object.values(found).some((error) => error !== undefined)) return;
    const optional = (value: string) => (value.trim() === "" ? null : value.trim());
    const body: NewClientInput = {
      kind: fields.kind,
      name: fields.name.trim(),
      country: fields.country,
      postalCode: fields.postalCode.trim(),
      city: fields.city.trim(),
      addressLine: fields.addressLine.trim(),
      taxNumber: optional(fields.taxNumber),
      euVatNumber: optional(fields.euVatNumber),
      language: fields.language,
      currency: fields.currency,
      owner: {
        name: fields.ownerName.trim(),
        email: fields.ownerEmail.trim(),
        phone: optional(fields.ownerPhone),
      },
    };
    create.mutate(body, {
      onSuccess: (created) => {
        const state: FlashState = {
          flash: t("access.newClient.created", {
            name: body.name,
            code: created.code,
            email: body.owner.email,
          }),
        };
        void navigate("/order", { state });
      },
    });
  };

  return (
    <>
      <PageTitle>{t("access.newClient.title")}</PageTitle>
      <Text mb="md">{t("access.newClient.intro")}</Text>
      <form onSubmit={submit} noValidate>
        <Stack maw={720}>
          <Fieldset legend={t("access.newClient.account")}>
            <Stack>
              <Radio.Group
                label={t("access.newClient.kind")}
                value={fields.kind}
                onChange={(value) => {
                  set({ kind: value === "person" ? "person" : "company" });
                }}
              >
                <Group mt="xs">
                  <Radio value="company" label={t("staff.customers.kind.company")} />
                  <Radio value="person" label={t("staff.customers.kind.person")} />
                </Group>
              </Radio.Group>
              <TextInput
                label={
                  fields.kind === "company"
                    ? t("access.newClient.companyName")
                    : t("access.newClient.personName")
                }
                maxLength={200}
                autoComplete="off"
                {...text("name", true)}
              />
              <NativeSelect
                label={t("access.newClient.country")}
                data={countries}
                {...text("country", true)}
              />
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <TextInput
                  label={t("access.newClient.postalCode")}
                  maxLength={20}
                  autoComplete="off"
                  {...text("postalCode", true)}
                />
                <TextInput
                  label={t("access.newClient.city")}
                  maxLength={100}
                  autoComplete="off"
                  {...text("city", true)}
                />
                <TextInput
                  label={t("access.newClient.addressLine")}
                  maxLength={200}
                  autoComplete="off"
                  {...text("addressLine", true)}
                />
              </SimpleGrid>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput
                  label={t("access.newClient.taxNumber")}
                  description={t("access.newClient.taxNumberHint")}
                  maxLength={30}
                  autoComplete="off"
                  {...text("taxNumber", fields.kind === "company" && fields.country === "HU")}
                />
                <TextInput
                  label={t("access.newClient.euVatNumber")}
                  description={t("access.newClient.euVatNumberHint")}
                  maxLength={30}
                  autoComplete="off"
                  {...text("euVatNumber")}
                />
              </SimpleGrid>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <NativeSelect
                  label={t("access.newClient.language")}
                  description={t("access.newClient.languageHint")}
                  data={[
                    { value: "hu", label: t("language.hu") },
                    { value: "en", label: t("language.en") },
                  ]}
                  value={fields.language}
                  onChange={(event) => {
                    set({ language: event.currentTarget.value === "en" ? "en" : "hu" });
                  }}
                />
                <NativeSelect
                  label={t("access.newClient.currency")}
                  data={["HUF", "EUR"]}
                  value={fields.currency}
                  onChange={(event) => {
                    set({ currency: event.currentTarget.value === "EUR" ? "EUR" : "HUF" });
                  }}
                />
              </SimpleGrid>
            </Stack>
          </Fieldset>
          <Fieldset legend={t("access.newClient.owner")}>
            <Stack>
              <Text size="sm">{t("access.newClient.ownerHint")}</Text>
              <TextInput
                label={t("access.newClient.ownerName")}
                maxLength={200}
                autoComplete="off"
                {...text("ownerName", true)}
              />
              <TextInput
                label={t("access.newClient.ownerEmail")}
                type="email"
                maxLength={320}
                autoComplete="off"
                {...text("ownerEmail", true)}
              />
              <TextInput
                label={t("access.newClient.ownerPhone")}
                type="tel"
                maxLength={40}
                autoComplete="off"
                {...text("ownerPhone")}
              />
            </Stack>
          </Fieldset>
          {create.isError && <ErrorAlert error={create.error} withServerMessage />}
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t("access.newClient.submit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}
