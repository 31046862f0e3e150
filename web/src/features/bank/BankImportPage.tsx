import { Alert, EmptyState, List, NativeSelect, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import type { BankStatementSummary } from "../../api/types";
import { BackLink } from "../../components/BackLink";
import { DetailList } from "../../components/DetailList";
import { LoadMore } from "../../components/LoadMore";
import { NoValue } from "../../components/NoValue";
import { Notice } from "../../components/Notice";
import { PageTitle } from "../../components/PageTitle";
import { QueryContent } from "../../components/QueryContent";
import { ResponsiveTable, type Column } from "../../components/ResponsiveTable";
import { Section } from "../../components/Section";
import { useUpdateSearchParams } from "../../components/useUpdateSearchParams";
import { useFormat } from "../../i18n/format";
import { useBankImport, useBankImportLines } from "./api";
import { BankLinesTable } from "./BankLinesTable";
import { LINE_STATES, isLineState, useAccountFormat } from "./labels";

function Lines({ id }: { id: string }) {
  const { t } = useTranslation();
  const [searchParams, updateSearchParams] = useUpdateSearchParams();
  const param = searchParams.get("state");
  const state = isLineState(param) ? param : null;
  const lines = useBankImportLines(id, state);
  return (
    <>
      <NativeSelect
        label={t("bank.line.state")}
        maw={320}
        mb="md"
        value={state ?? ""}
        onChange={(event) => {
          const value = event.currentTarget.value;
          updateSearchParams((previous) => {
            const next = new URLSearchParams(previous);
            if (isLineState(value)) next.set("state", value);
            else next.delete("state");
            return next;
          });
        }}
        data={[
          { value: "", label: t("bank.line.allStates") },
          ...LINE_STATES.map((value) => ({ value, label: t(`bank.states.${value}`) })),
        ]}
      />
      <QueryContent query={lines}>
        {({ pages }) => {
          const items = pages.flatMap((page) => page.items);
          return items.length === 0 ? (
            <EmptyState title={t("bank.line.empty")} />
          ) : (
            <>
              <BankLinesTable lines={items} label={t("bank.import.lines")} />
              <LoadMore query={lines} />
            </>
          );
        }}
      </QueryContent>
    </>
  );
}

/** /staff/bank/imports/:id — one statement import: its statements, counts and lines. */
export function BankImportPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { id = "" } = useParams();
  const detail = useBankImport(id);
  const account = useAccountFormat();

  const balance = (value: string | null, currency: string | null) =>
    value === null ? (
      <NoValue />
    ) : currency === null ? (
      value
    ) : (
      format.money({ amount: value, currency })
    );

  const statementColumns: Column<BankStatementSummary>[] = [
    {
      header: t("bank.statement.account"),
      cell: (row) => <span translate="no">{account(row.account)}</span>,
    },
    { header: t("bank.statement.currency"), cell: (row) => row.currency ?? <NoValue /> },
    {
      header: t("bank.statement.period"),
      cell: (row) =>
        row.from === null || row.to === null ? (
          <NoValue />
        ) : (
          t("bank.statement.periodValue", { from: format.date(row.from), to: format.date(row.to) })
        ),
    },
    {
      header: t("bank.statement.opening"),
      cell: (row) => balance(row.opening, row.currency),
      numeric: true,
    },
    {
      header: t("bank.statement.closing"),
      cell: (row) => balance(row.closing, row.currency),
      numeric: true,
    },
    { header: t("bank.statement.entries"), cell: (row) => row.entries, numeric: true },
  ];

  return (
    <>
      <BackLink to="/staff/bank">{t("bank.back")}</BackLink>
      <PageTitle>
        {detail.data
          ? t("bank.import.title", { filename: detail.data.filename })
          : t("bank.import.fallbackTitle")}
      </PageTitle>
      <QueryContent query={detail}>
        {(data) => (
          <>
            <DetailList
              labelWidth="14rem"
              items={[
                { label: t("bank.format"), value: data.format },
                {
                  label: t("bank.imports.status"),
                  value:
                    data.status === "complete"
                      ? t("bank.imports.complete")
                      : t("bank.imports.importing"),
                },
                { label: t("bank.imports.startedAt"), value: format.dateTime(data.startedAt) },
                {
                  label: t("bank.import.finishedAt"),
                  value: data.finishedAt === null ? <NoValue /> : format.dateTime(data.finishedAt),
                },
                { label: t("bank.report.linesTotal"), value: data.linesTotal },
                { label: t("bank.report.linesNew"), value: data.linesNew },
                { label: t("bank.counts.matched"), value: data.matched },
                { label: t("bank.counts.credited"), value: data.credited },
                { label: t("bank.counts.queued"), value: data.queued },
                { label: t("bank.counts.ignored"), value: data.ignored },
              ]}
            />
            {data.status === "importing" && (
              <Alert color="yellow" mt="md">
                {t("bank.import.unfinished")}
              </Alert>
            )}
            {data.warnings.length > 0 && (
              <Notice color="yellow" mt="md" heading={t("bank.warnings")}>
                <List size="sm">
                  {data.warnings.map((warning, index) => (
                    <List.Item key={`${index}:${warning}`}>{warning}</List.Item>
                  ))}
                </List>
              </Notice>
            )}
            <Section title={t("bank.import.statements")}>
              {data.statements.length === 0 ? (
                <Text>{t("bank.import.noStatements")}</Text>
              ) : (
                <ResponsiveTable
                  label={t("bank.import.statements")}
                  rows={data.statements}
                  rowKey={(row, index) => `${row.account}:${index}`}
                  columns={statementColumns}
                />
              )}
            </Section>
            <Section title={t("bank.import.lines")}>
              <Lines id={data.id} />
            </Section>
          </>
        )}
      </QueryContent>
    </>
  );
}
