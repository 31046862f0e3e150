import { Alert, Anchor, Button, EmptyState, Group, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ErrorAlert } from "../../components/ErrorAlert";
import { NoValue } from "../../components/NoValue";
import { PageTitle } from "../../components/PageTitle";
import { QueryContent } from "../../components/QueryContent";
import { ResponsiveTable, type Column } from "../../components/ResponsiveTable";
import { useFormat } from "../../i18n/format";
import { useBillingRuns, useRunBillingNow, type BillingRun } from "./api";
import { BillingRunStatusBadge, countLabel, orderedCounts } from "./billingRunText";

export function runPath(id: string): string {
  return `/staff/billing-runs/${encodeURIComponent(id)}`;
}

/** The counts that are not zero, as one line ("Renewal documents: 3 · Reminders: 5"). */
function CountSummary({ run }: { run: BillingRun }) {
  const { t } = useTranslation();
  const nonZero = orderedCounts(run.counts).filter(([, value]) => value !== 0);
  if (nonZero.length === 0) return <Text size="sm">{t("lifecycle.billingRuns.nothingDone")}</Text>;
  return (
    <Text size="sm">
      {nonZero.map(([key, value]) => `${countLabel(t, key)}: ${value}`).join(" · ")}
    </Text>
  );
}

/** /staff/billing-runs: the daily run's history with counts and problems, and "Run now". */
export function BillingRunsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const runs = useBillingRuns();
  const runNow = useRunBillingNow();

  const columns: Column<BillingRun>[] = [
    {
      header: t("lifecycle.billingRuns.runDate"),
      nowrap: true,
      cell: (run) => (
        <Anchor component={Link} to={runPath(run.id)}>
          {format.date(run.runDate)}
        </Anchor>
      ),
    },
    {
      header: t("lifecycle.billingRuns.status"),
      cell: (run) => <BillingRunStatusBadge status={run.status} />,
    },
    {
      header: t("lifecycle.billingRuns.trigger"),
      cell: (run) => t(`lifecycle.billingRuns.triggers.${run.trigger}`),
    },
    {
      header: t("lifecycle.billingRuns.startedAt"),
      cell: (run) => format.dateTime(run.startedAt),
    },
    {
      header: t("lifecycle.billingRuns.finishedAt"),
      cell: (run) => (run.finishedAt === null ? <NoValue /> : format.dateTime(run.finishedAt)),
    },
    { header: t("lifecycle.billingRuns.done"), cell: (run) => <CountSummary run={run} /> },
    {
      header: t("lifecycle.billingRuns.problems"),
      numeric: true,
      cell: (run) => run.problems.length + (run.error === null ? 0 : 1),
    },
  ];

  const result = runNow.data;
  return (
    <>
      <PageTitle>{t("lifecycle.billingRuns.title")}</PageTitle>
      <Text mb="sm">{t("lifecycle.billingRuns.intro")}</Text>
      <Group mb="md">
        <Button
          loading={runNow.isPending}
          onClick={() => {
            runNow.mutate();
          }}
        >
          {t("lifecycle.billingRuns.runNow")}
        </Button>
        <Button variant="default" loading={runs.isFetching} onClick={() => void runs.refetch()}>
          {t("common.refresh")}
        </Button>
      </Group>
      {runNow.isError && <ErrorAlert error={runNow.error} />}
      {result !== undefined && (
        <Alert
          color={
            result.status === "completed" ? "teal" : result.status === "queued" ? "blue" : "red"
          }
          mb="md"
          role="status"
        >
          <Text fw={700} size="sm">
            {t(`lifecycle.billingRuns.result.${result.status}`, {
              date: format.date(result.runDate),
            })}
          </Text>
          <CountSummary run={result} />
          {result.problems.length > 0 && (
            <Text size="sm">
              {t("lifecycle.billingRuns.problemCount", { count: result.problems.length })}
            </Text>
          )}
          {/* Dark: the default link blue is below 4.5:1 on the alert's light background. */}
          <Anchor component={Link} to={runPath(result.id)} size="sm" c="dark.9" underline="always">
            {t("lifecycle.billingRuns.openRun")}
          </Anchor>
        </Alert>
      )}
      <QueryContent query={runs}>
        {({ items }) =>
          items.length === 0 ? (
            <EmptyState title={t("lifecycle.billingRuns.empty")} />
          ) : (
            <ResponsiveTable
              label={t("lifecycle.billingRuns.tableLabel")}
              rows={items}
              rowKey={(run) => run.id}
              columns={columns}
            />
          )
        }
      </QueryContent>
    </>
  );
}
