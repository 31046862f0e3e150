import { Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { BackLink } from "../../components/BackLink";
import { DetailList } from "../../components/DetailList";
import { NoValue } from "../../components/NoValue";
import { Notice } from "../../components/Notice";
import { PageTitle } from "../../components/PageTitle";
import { Preformatted } from "../../components/Preformatted";
import { QueryContent } from "../../components/QueryContent";
import { ResponsiveTable, type Column } from "../../components/ResponsiveTable";
import { Section } from "../../components/Section";
import { useFormat } from "../../i18n/format";
import { useBillingRun, type BillingRun } from "./api";
import { BillingRunStatusBadge, countLabel, orderedCounts } from "./billingRunText";

type Problem = BillingRun["problems"][number];

/** /staff/billing-runs/:id: one run's counts, problems and error. */
export function BillingRunDetailPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { id = "" } = useParams();
  const run = useBillingRun(id);

  const problemColumns: Column<Problem>[] = [
    {
      header: t("lifecycle.billingRuns.service"),
      cell: (problem) => <span translate="no">{problem.serviceId}</span>,
    },
    { header: t("lifecycle.billingRuns.code"), cell: (problem) => problem.code },
    { header: t("lifecycle.billingRuns.message"), cell: (problem) => problem.message },
  ];

  return (
    <>
      <BackLink to="/staff/billing-runs">{t("lifecycle.billingRuns.back")}</BackLink>
      <PageTitle>
        {run.data
          ? t("lifecycle.billingRuns.detailTitle", { date: format.date(run.data.runDate) })
          : t("lifecycle.billingRuns.title")}
      </PageTitle>
      <QueryContent query={run}>
        {(data) => (
          <>
            <DetailList
              items={[
                {
                  label: t("lifecycle.billingRuns.status"),
                  value: <BillingRunStatusBadge status={data.status} />,
                },
                {
                  label: t("lifecycle.billingRuns.trigger"),
                  value: t(`lifecycle.billingRuns.triggers.${data.trigger}`),
                },
                {
                  label: t("lifecycle.billingRuns.startedAt"),
                  value: format.dateTime(data.startedAt),
                },
                {
                  label: t("lifecycle.billingRuns.finishedAt"),
                  value: data.finishedAt === null ? <NoValue /> : format.dateTime(data.finishedAt),
                },
              ]}
            />
            {data.error !== null && (
              <Notice color="red" mt="md" heading={t("lifecycle.billingRuns.error")}>
                <Preformatted>{data.error}</Preformatted>
              </Notice>
            )}
            <Section title={t("lifecycle.billingRuns.done")}>
              <DetailList
                labelWidth="16rem"
                items={orderedCounts(data.counts).map(([key, value]) => ({
                  label: countLabel(t, key),
                  value: String(value),
                }))}
              />
            </Section>
            <Section title={t("lifecycle.billingRuns.problems")}>
              {data.problems.length === 0 ? (
                <Text>{t("lifecycle.billingRuns.noProblems")}</Text>
              ) : (
                <ResponsiveTable
                  label={t("lifecycle.billingRuns.problems")}
                  rows={data.problems}
                  rowKey={(problem, index) => `${problem.serviceId}:${problem.code}:${index}`}
                  columns={problemColumns}
                />
              )}
            </Section>
          </>
        )}
      </QueryContent>
    </>
  );
}
