import {
  Alert,
  Button,
  EmptyState,
  NativeSelect,
  SimpleGrid,
  Text,
  TextInput,
} from "@mantine/core";
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import type { ExchangeRate } from "../../api/types";
import { ErrorAlert, fieldErrorsOf } from "../../components/ErrorAlert";
import { PageTitle } from "../../components/PageTitle";
import { QueryContent } from "../../components/QueryContent";
import { ResponsiveTable, type Column } from "../../components/ResponsiveTable";
import { Section } from "../../components/Section";
import { useFormat } from "../../i18n/format";
import { useExchangeRates, useSetExchangeRate } from "./api";
import { isZeroDecimal, normalizeDecimal } from "./decimal";
import { localToday } from "./today";

function AddExchangeRateForm() {
  const { t } = useTranslation();
  const format = useFormat();
  const save = useSetExchangeRate();
  const [date, setDate] = useState(localToday());
  const [rate, setRate] = useState("");
  const [source, setSource] = useState("MNB");
  const [errors, setErrors] = useState<{ date?: string; rate?: string }>({});
  const [saved, setSaved] = useState<string | null>(null);
  const serverErrors = fieldErrorsOf(save.error);

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const value = normalizeDecimal(rate, 6);
    const found = {
      date: date === "" ? t("validation.required") : undefined,
      rate:
        value === null || isZeroDecimal(value) ? t("billing.exchangeRates.invalidRate") : undefined,
    };
    setErrors(found);
    setSaved(null);
    if (value === null || found.date !== undefined || found.rate !== undefined) return;
    save.mutate(
      { currency: "EUR", date, rate: value, source: source.trim() === "" ? "MNB" : source.trim() },
      {
        onSuccess: () => {
          setSaved(
            t("billing.exchangeRates.saved", {
              date: format.date(date),
              rate: format.decimal(value),
            }),
          );
          setRate("");
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <Text mb="sm">{t("billing.exchangeRates.addIntro")}</Text>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm" mb="sm">
        <NativeSelect
          label={t("billing.exchangeRates.currency")}
          defaultValue="EUR"
          data={["EUR"]}
          description={t("billing.exchangeRates.currencyHint")}
        />
        <TextInput
          type="date"
          label={t("billing.exchangeRates.date")}
          required
          value={date}
          error={errors.date ?? serverErrors.date}
          onChange={(event) => {
            setDate(event.currentTarget.value);
          }}
        />
        <TextInput
          label={t("billing.exchangeRates.rate")}
          description={t("billing.exchangeRates.rateHint")}
          required
          inputMode="decimal"
          value={rate}
          error={errors.rate ?? serverErrors.rate}
          onChange={(event) => {
            setRate(event.currentTarget.value);
          }}
        />
        <TextInput
          label={t("billing.exchangeRates.source")}
          maxLength={40}
          value={source}
          error={serverErrors.source}
          onChange={(event) => {
            setSource(event.currentTarget.value);
          }}
        />
      </SimpleGrid>
      {save.isError && <ErrorAlert error={save.error} withServerMessage />}
      {saved !== null && (
        <Alert color="teal" mb="sm" role="status">
          {saved}
        </Alert>
      )}
      <Button type="submit" loading={save.isPending}>
        {t("billing.exchangeRates.submit")}
      </Button>
    </form>
  );
}

/** /staff/exchange-rates: the MNB rates to HUF that foreign-currency documents use. */
export function ExchangeRatesPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const rates = useExchangeRates();

  const columns: Column<ExchangeRate>[] = [
    { header: t("billing.exchangeRates.date"), cell: (row) => format.date(row.date) },
    { header: t("billing.exchangeRates.currency"), cell: (row) => row.currency },
    {
      header: t("billing.exchangeRates.rate"),
      cell: (row) => t("billing.exchangeRates.rateValue", { rate: format.decimal(row.rate) }),
      numeric: true,
    },
    { header: t("billing.exchangeRates.source"), cell: (row) => row.source },
  ];

  return (
    <>
      <PageTitle>{t("billing.exchangeRates.title")}</PageTitle>
      <Section title={t("billing.exchangeRates.addTitle")} first>
        <AddExchangeRateForm />
      </Section>
      <Section title={t("billing.exchangeRates.listTitle")}>
        <QueryContent query={rates}>
          {({ items }) =>
            items.length === 0 ? (
              <EmptyState title={t("billing.exchangeRates.empty")} />
            ) : (
              <ResponsiveTable
                label={t("billing.exchangeRates.listTitle")}
                rows={items}
                rowKey={(row) => `${row.currency}:${row.date}`}
                columns={columns}
              />
            )
          }
        </QueryContent>
      </Section>
    </>
  );
}
