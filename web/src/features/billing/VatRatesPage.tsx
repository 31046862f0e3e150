import {
  Alert,
  Button,
  Group,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import type { VatRate } from "../../api/types";
import { ErrorAlert, fieldErrorsOf } from "../../components/ErrorAlert";
import { PageTitle } from "../../components/PageTitle";
import { QueryContent } from "../../components/QueryContent";
import { Section } from "../../components/Section";
import { StatusBadge } from "../../components/StatusBadge";
import { useFormat } from "../../i18n/format";
import { useAddVatRate, useVatRates } from "./api";
import { percentToBasisPoints } from "./decimal";
import { localToday } from "./today";

/** The seller's country comes first; the others follow by localized name. */
const HOME_COUNTRY = "HU";

type Validity = "past" | "current" | "future";

function validityOf(rate: VatRate, today: string): Validity {
  if (rate.validFrom > today) return "future";
  if (rate.validTo !== null && rate.validTo < today) return "past";
  return "current";
}

const VALIDITY_TONES = { past: "neutral", current: "success", future: "info" } as const;

function CountryRates({
  country,
  rates,
  today,
}: {
  country: string;
  rates: VatRate[];
  today: string;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const sorted = [...rates].sort((a, b) => b.validFrom.localeCompare(a.validFrom));
  return (
    <Paper withBorder p="sm" component="section">
      <Title order={3} size="h5" mb="xs">
        {t("billing.vatRates.countryTitle", { name: format.country(country), code: country })}
      </Title>
      <Stack gap={6} component="ul" p={0} m={0} style={{ listStyle: "none" }}>
        {sorted.map((rate) => {
          const validity = validityOf(rate, today);
          return (
            <li key={rate.id}>
              <Group gap="xs" wrap="nowrap" align="flex-start">
                <Text fw={700} miw="3.5rem">
                  {format.percent(rate.rateBp)}
                </Text>
                <div>
                  <Text size="sm" component="div">
                    {rate.validTo === null
                      ? t("billing.vatRates.from", { from: format.date(rate.validFrom) })
                      : t("billing.vatRates.between", {
                          from: format.date(rate.validFrom),
                          to: format.date(rate.validTo),
                        })}{" "}
                    <StatusBadge tone={VALIDITY_TONES[validity]}>
                      {t(`billing.vatRates.validity.${validity}`)}
                    </StatusBadge>
                  </Text>
                  {rate.note !== "" && rate.note !== "seed" && (
                    <Text size="sm" c="dimmed">
                      {rate.note}
                    </Text>
                  )}
                </div>
              </Group>
            </li>
          );
        })}
      </Stack>
    </Paper>
  );
}

function AddRateForm({ countries }: { countries: string[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const add = useAddVatRate();
  const [country, setCountry] = useState(HOME_COUNTRY);
  const [rate, setRate] = useState("");
  const [validFrom, setValidFrom] = useState("");
  const [note, setNote] = useState("");
  const [errors, setErrors] = useState<{ rate?: string; validFrom?: string }>({});
  const [added, setAdded] = useState<string | null>(null);
  const serverErrors = fieldErrorsOf(add.error);

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const rateBp = percentToBasisPoints(rate);
    const found = {
      rate: rateBp === null ? t("billing.vatRates.invalidRate") : undefined,
      validFrom: validFrom === "" ? t("validation.required") : undefined,
    };
    setErrors(found);
    setAdded(null);
    if (rateBp === null || found.validFrom !== undefined) return;
    add.mutate(
      { country, rateBp, validFrom, note: note.trim() },
      {
        onSuccess: () => {
          setAdded(
            t("billing.vatRates.added", {
              country: format.country(country),
              rate: format.percent(rateBp),
              from: format.date(validFrom),
            }),
          );
          setRate("");
          setValidFrom("");
          setNote("");
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <Text mb="sm">{t("billing.vatRates.addIntro")}</Text>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm" mb="sm">
        <NativeSelect
          label={t("billing.vatRates.country")}
          value={country}
          error={serverErrors.country}
          onChange={(event) => {
            setCountry(event.currentTarget.value);
          }}
          data={countries.map((code) => ({
            value: code,
            label: `${format.country(code)} (${code})`,
          }))}
        />
        <TextInput
          label={t("billing.vatRates.rate")}
          required
          inputMode="decimal"
          rightSection="%"
          value={rate}
          error={errors.rate ?? serverErrors.rateBp}
          onChange={(event) => {
            setRate(event.currentTarget.value);
          }}
        />
        <TextInput
          type="date"
          label={t("billing.vatRates.validFrom")}
          description={t("billing.vatRates.validFromHint")}
          required
          min={localToday()}
          value={validFrom}
          error={errors.validFrom ?? serverErrors.validFrom}
          onChange={(event) => {
            setValidFrom(event.currentTarget.value);
          }}
        />
        <TextInput
          label={t("billing.vatRates.note")}
          maxLength={200}
          value={note}
          onChange={(event) => {
            setNote(event.currentTarget.value);
          }}
        />
      </SimpleGrid>
      {add.isError && <ErrorAlert error={add.error} withServerMessage />}
      {added !== null && (
        <Alert color="teal" mb="sm" role="status">
          {added}
        </Alert>
      )}
      <Button type="submit" loading={add.isPending}>
        {t("billing.vatRates.submit")}
      </Button>
    </form>
  );
}

/** /staff/vat-rates: the VAT rates of each country with their validity; add a future rate. */
export function VatRatesPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const rates = useVatRates();
  const today = localToday();

  return (
    <>
      <PageTitle>{t("billing.vatRates.title")}</PageTitle>
      <QueryContent query={rates}>
        {({ items }) => {
          const byCountry = new Map<string, VatRate[]>();
          for (const rate of items) {
            byCountry.set(rate.country, [...(byCountry.get(rate.country) ?? []), rate]);
          }
          const countries = [...byCountry.keys()].sort((a, b) =>
            a === HOME_COUNTRY
              ? -1
              : b === HOME_COUNTRY
                ? 1
                : format.country(a).localeCompare(format.country(b)),
          );
          return (
            <>
              <Section title={t("billing.vatRates.addTitle")} first>
                <AddRateForm countries={countries.length > 0 ? countries : [HOME_COUNTRY]} />
              </Section>
              <Section title={t("billing.vatRates.listTitle")}>
                <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
                  {countries.map((country) => (
                    <CountryRates
                      key={country}
                      country={country}
                      rates={byCountry.get(country) ?? []}
                      today={today}
                    />
                  ))}
                </SimpleGrid>
              </Section>
            </>
          );
        }}
      </QueryContent>
    </>
  );
}
