import { Button, EmptyState, Group, NativeSelect } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import type { Job } from "../../api/types";
import { NoValue } from "../../components/NoValue";
import { PageTitle } from "../../components/PageTitle";
import { Preformatted } from "../../components/Preformatted";
import { QueryContent } from "../../components/QueryContent";
import { ResponsiveTable, type Column } from "../../components/ResponsiveTable";
import { useFormat } from "../../i18n/format";
import { useJobs } from "./api";
import { JOB_STATES, isJobState } from "./jobStates";
import { JobStateBadge } from "./StatusBadges";

export function JobsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [searchParams, setSearchParams] = useSearchParams();
  const param = searchParams.get("state");
  const state = isJobState(param) ? param : null;
  const jobs = useJobs(state);

  const columns: Column<Job>[] = [
    { header: t("staff.jobs.name"), cell: (job) => job.name },
    { header: t("staff.jobs.state"), cell: (job) => <JobStateBadge state={job.state} /> },
    { header: t("staff.jobs.createdOn"), cell: (job) => format.dateTime(job.createdOn) },
    {
      header: t("staff.jobs.startedOn"),
      cell: (job) => (job.startedOn === null ? <NoValue /> : format.dateTime(job.startedOn)),
    },
    {
      header: t("staff.jobs.completedOn"),
      cell: (job) => (job.completedOn === null ? <NoValue /> : format.dateTime(job.completedOn)),
    },
    { header: t("staff.jobs.retryCount"), cell: (job) => job.retryCount, numeric: true },
    {
      header: t("staff.jobs.error"),
      cell: (job) => (job.error === null ? <NoValue /> : <Preformatted>{job.error}</Preformatted>),
    },
  ];

  return (
    <>
      <PageTitle>{t("staff.jobs.title")}</PageTitle>
      <Group align="flex-end" mb="md">
        <NativeSelect
          label={t("staff.jobs.state")}
          value={state ?? ""}
          onChange={(event) => {
            const next = event.currentTarget.value;
            setSearchParams(isJobState(next) ? { state: next } : {});
          }}
          data={[
            { value: "", label: t("staff.jobs.allStates") },
            ...JOB_STATES.map((value) => ({ value, label: t(`staff.jobs.states.${value}`) })),
          ]}
        />
        <Button variant="default" loading={jobs.isFetching} onClick={() => void jobs.refetch()}>
          {t("common.refresh")}
        </Button>
      </Group>
      <QueryContent query={jobs}>
        {({ items }) =>
          items.length === 0 ? (
            <EmptyState title={t("staff.jobs.empty")} />
          ) : (
            <ResponsiveTable
              label={t("staff.jobs.tableLabel")}
              rows={items}
              rowKey={(job) => job.id}
              columns={columns}
            />
          )
        }
      </QueryContent>
    </>
  );
}
