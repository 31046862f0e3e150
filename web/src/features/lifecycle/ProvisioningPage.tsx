import { Anchor, Button, EmptyState, Group, Stack, Tabs, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ErrorAlert } from "../../components/ErrorAlert";
import { LoadMore } from "../../components/LoadMore";
import { NoValue } from "../../components/NoValue";
import { PageTitle } from "../../components/PageTitle";
import { Preformatted } from "../../components/Preformatted";
import { QueryContent } from "../../components/QueryContent";
import { ResponsiveTable, type Column } from "../../components/ResponsiveTable";
import { StatusBadge, type Tone } from "../../components/StatusBadge";
import { useUpdateSearchParams } from "../../components/useUpdateSearchParams";
import { useFormat } from "../../i18n/format";
import {
  useProvisioningTasks,
  useTaskAction,
  type ProvisioningTask,
  type TaskAction,
  type TaskStatus,
} from "./api";
import { ReasonDialog } from "./ReasonDialog";

const TABS = ["failed", "manual", "all"] as const;
type Tab = (typeof TABS)[number];

function isTab(value: string | null): value is Tab {
  return TABS.some((tab) => tab === value);
}

const STATUS_TONES: Record<TaskStatus, Tone> = {
  queued: "info",
  running: "info",
  waiting: "info",
  done: "success",
  failed: "danger",
  manual: "warning",
  cancelled: "neutral",
};

function taskName(task: ProvisioningTask): string {
  return task.serviceLabel === null
    ? task.product.name
    : `${task.product.name} – ${task.serviceLabel}`;
}

/** Retry (failed), complete by hand (failed, manual), cancel (not finished). */
function actionsFor(status: TaskStatus): TaskAction[] {
  switch (status) {
    case "failed":
      return ["retry", "complete", "cancel"];
    case "manual":
      return ["complete", "cancel"];
    case "queued":
    case "waiting":
      return ["cancel"];
    case "running":
    case "done":
    case "cancelled":
      return [];
  }
}

function TaskActions({ task }: { task: ProvisioningTask }) {
  const { t } = useTranslation();
  const action = useTaskAction(task.id);
  const [dialog, setDialog] = useState<"complete" | "cancel" | null>(null);
  const actions = actionsFor(task.status);
  const name = taskName(task);
  if (actions.length === 0) return <NoValue />;
  const close = () => {
    action.reset();
    setDialog(null);
  };

  return (
    <Stack gap={4} align="flex-start">
      <Group gap="xs" wrap="wrap">
        {actions.map((kind) => (
          <Button
            key={kind}
            size="compact-sm"
            variant={kind === "retry" ? "filled" : "default"}
            loading={kind === "retry" && action.isPending && dialog === null}
            aria-label={`${t(`lifecycle.provisioning.actions.${kind}`)}: ${name}`}
            onClick={() => {
              if (kind === "retry") action.mutate({ action: "retry", text: "" });
              else setDialog(kind);
            }}
          >
            {t(`lifecycle.provisioning.actions.${kind}`)}
          </Button>
        ))}
      </Group>
      {dialog === null && action.isError && <ErrorAlert error={action.error} withServerMessage />}
      {dialog !== null && (
        <ReasonDialog
          opened
          danger={dialog === "cancel"}
          title={t(`lifecycle.provisioning.${dialog}.title`, { name })}
          intro={t(`lifecycle.provisioning.${dialog}.intro`)}
          label={t(`lifecycle.provisioning.${dialog}.label`)}
          submitLabel={t(`lifecycle.provisioning.${dialog}.submit`)}
          pending={action.isPending}
          error={action.error}
          onSubmit={(text) => {
            action.mutate({ action: dialog, text }, { onSuccess: close });
          }}
          onClose={close}
        />
      )}
    </Stack>
  );
}

function TaskTable({ status }: { status: TaskStatus | null }) {
  const { t } = useTranslation();
  const format = useFormat();
  const tasks = useProvisioningTasks(status);

  const columns: Column<ProvisioningTask>[] = [
    { header: t("lifecycle.services.service"), cell: taskName },
    {
      header: t("lifecycle.customer"),
      cell: (task) => (
        <Anchor component={Link} to={`/staff/customers/${encodeURIComponent(task.customer.id)}`}>
          {task.customer.name}
        </Anchor>
      ),
    },
    {
      header: t("lifecycle.provisioning.status"),
      cell: (task) => (
        <StatusBadge tone={STATUS_TONES[task.status]}>
          {t(`lifecycle.provisioning.statuses.${task.status}`)}
        </StatusBadge>
      ),
    },
    {
      header: t("lifecycle.provisioning.action"),
      cell: (task) => (
        <>
          {t(`lifecycle.provisioning.taskActions.${task.action}`)}
          <Text size="sm" c="dimmed" translate="no">
            {task.module}
          </Text>
        </>
      ),
    },
    { header: t("lifecycle.provisioning.attempts"), numeric: true, cell: (task) => task.attempts },
    {
      header: t("lifecycle.provisioning.message"),
      cell: (task) =>
        task.lastError !== null ? (
          <Preformatted>{task.lastError}</Preformatted>
        ) : task.note !== null ? (
          task.note
        ) : (
          <NoValue />
        ),
    },
    {
      header: t("lifecycle.provisioning.updatedAt"),
      cell: (task) => format.dateTime(task.updatedAt),
    },
    { header: t("lifecycle.services.actions"), cell: (task) => <TaskActions task={task} /> },
  ];

  return (
    <QueryContent query={tasks}>
      {({ pages }) => {
        const items = pages.flatMap((page) => page.items);
        return items.length === 0 ? (
          <EmptyState title={t(`lifecycle.provisioning.empty.${status ?? "all"}`)} />
        ) : (
          <>
            <ResponsiveTable
              label={t("lifecycle.provisioning.tableLabel")}
              rows={items}
              rowKey={(task) => task.id}
              columns={columns}
            />
            <LoadMore query={tasks} />
          </>
        );
      }}
    </QueryContent>
  );
}

/** /staff/provisioning: failed tasks (with the module's message) and the manual queue. */
export function ProvisioningPage() {
  const { t } = useTranslation();
  const [params, updateParams] = useUpdateSearchParams();
  const param = params.get("tab");
  const tab: Tab = isTab(param) ? param : "failed";

  return (
    <>
      <PageTitle>{t("lifecycle.provisioning.title")}</PageTitle>
      <Text mb="md">{t("lifecycle.provisioning.intro")}</Text>
      <Tabs
        value={tab}
        onChange={(value) => {
          if (!isTab(value)) return;
          updateParams((current) => {
            current.set("tab", value);
            return current;
          });
        }}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          {TABS.map((value) => (
            <Tabs.Tab key={value} value={value}>
              {t(`lifecycle.provisioning.tabs.${value}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {TABS.map((value) => (
          <Tabs.Panel key={value} value={value}>
            <TaskTable status={value === "all" ? null : value} />
          </Tabs.Panel>
        ))}
      </Tabs>
    </>
  );
}
