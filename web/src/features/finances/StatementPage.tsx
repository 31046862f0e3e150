import {
  Button,
  EmptyState,
  Group,
  NativeSelect,
  SimpleGrid,
  Text,
  TextInput,
} from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { StatementCurrency, StatementRow } from "../../api/types";
import { DetailList } from "../../components/DetailList";
import { NoValue } from "../../components/NoValue";
import { PageTitle } from "../../components/PageTitle";
import { useUpdateSearchParams } from "../../components/useUpdateSearchParams";
import { QueryContent } from "../../components/QueryContent";
import { ResponsiveTable, type Column } from "../../components/ResponsiveTable";
import { Section } from "../../components/Section";
import { useFormat } from "../../i18n/format";
import { isZero } from "../invoices/money";
import { myStatementPdfPath, useMyStatement, type StatementParams } from "./api";

const CURRENCIES = ["HUF", "EUR"] as const satisfies readonly StatementCurrency[];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function isCurrency(value: string | null): value is StatementCurrency {
  return CURRENCIES.some((currency) => currency === value);
}

function readParams(params: URLSearchParams): StatementParams {
  const currency = params.get("currency");
  const from = params.get("from");
  const to = params.get("to");
  return {
    currency: isCurrency(currency) ? currency : null,
    from: from !== null && ISO_DATE.test(from) ? from : null,
    to: to !== null && ISO_DATE.test(to) ? to : null,
  };
}

/** /finances/statement: opening balance, documents and payments of a period, closing balance. */
export function StatementPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [searchParams, updateSearchParams] = useUpdateSearchParams();
  const params = readParams(searchParams);
  const statement = useMyStatement(params);
  // Unset parameters show what the server chose (the last month, the account's currency).
  const shown = {
    currency: params.currency ?? statement.data?.currency ?? "",
    from: params.from ?? statement.data?.from ?? "",
    to: params.to ?? statement.data?.to ?? "",
  };

  const update = (key: keyof StatementParams, value: string) => {
    updateSearchParams((previous) => {
      const next = new URLSearchParams(previous);
      if (value === "") next.delete(key);
      else next.set(key, value);
      return next;
    });
  };

  const money = (value: StatementRow["debit"]) =>
    isZero(value) ? <NoValue /> : format.money(value);

  const columns: Column<StatementRow>[] = [
    { header: t("finances.statement.date"), cell: (row) => format.date(row.date) },
    {
      header: t("finances.statement.kind"),
      cell: (row) => t(`finances.statement.kinds.${row.kind}`),
    },
    { header: t("finances.statement.reference"), cell: (row) => row.reference },
    { header: t("finances.statement.description"), cell: (row) => row.description },
    { header: t("finances.statement.debit"), cell: (row) => money(row.debit), numeric: true },
    { header: t("finances.statement.credit"), cell: (row) => money(row.credit), numeric: true },
    {
      header: t("finances.statement.balance"),
      cell: (row) => format.money(row.balance),
      numeric: true,
    },
  ];

  return (
    <>
      <PageTitle>{t("finances.statement.title")}</PageTitle>
      <Text mb="md">{t("finances.statement.intro")}</Text>
      <form
        role="search"
        aria-label={t("finances.statement.period")}
        onSubmit={(event) => {
          event.preventDefault();
        }}
      >
        <SimpleGrid cols={{ base: 2, sm: 3 }} spacing="sm" maw={640} mb="md">
          <TextInput
            type="date"
            label={t("finances.statement.from")}
            value={shown.from}
            max={shown.to === "" ? undefined : shown.to}
            onChange={(event) => {
              update("from", event.currentTarget.value);
            }}
          />
          <TextInput
            type="date"
            label={t("finances.statement.to")}
            value={shown.to}
            min={shown.from === "" ? undefined : shown.from}
            onChange={(event) => {
              update("to", event.currentTarget.value);
            }}
          />
          <NativeSelect
            label={t("finances.statement.currency")}
            value={shown.currency}
            onChange={(event) => {
              update("currency", event.currentTarget.value);
            }}
            data={CURRENCIES.map((currency) => ({ value: currency, label: currency }))}
          />
        </SimpleGrid>
      </form>
      <QueryContent query={statement}>
        {(data) => (
          <>
            <Group mb="md">
              <Button
                component="a"
                href={myStatementPdfPath({
                  currency: isCurrency(data.currency) ? data.currency : null,
                  from: data.from,
                  to: data.to,
                })}
                download
              >
                {t("finances.statement.downloadPdf")}
              </Button>
            </Group>
            <Section title={t("finances.statement.summary")} first>
              <DetailList
                items={[
                  {
                    label: t("finances.statement.period"),
                    value: t("finances.statement.periodValue", {
                      from: format.date(data.from),
                      to: format.date(data.to),
                    }),
                  },
                  {
                    label: t("finances.statement.openingBalance"),
                    value: format.money(data.openingBalance),
                  },
                  {
                    label: t("finances.statement.totalDebit"),
                    value: format.money(data.totalDebit),
                  },
                  {
                    label: t("finances.statement.totalCredit"),
                    value: format.money(data.totalCredit),
                  },
                  {
                    label: t("finances.statement.closingBalance"),
                    value: <strong>{format.money(data.closingBalance)}</strong>,
                  },
                ]}
              />
              <Text size="sm" c="dimmed" mt="xs">
                {t("finances.statement.signHint")}
              </Text>
            </Section>
            <Section title={t("finances.statement.entries")}>
              {data.rows.length === 0 ? (
                <EmptyState title={t("finances.statement.empty")} />
              ) : (
                <ResponsiveTable
                  label={t("finances.statement.entries")}
                  rows={data.rows}
                  rowKey={(row, index) => `${row.date}:${row.reference}:${index}`}
                  columns={columns}
                />
              )}
            </Section>
          </>
        )}
      </QueryContent>
    </>
  );
}
