import {
  Anchor,
  Box,
  Button,
  Code,
  EmptyState,
  Group,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import type { TFunction } from "i18next";
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { LoadMore } from "../../components/LoadMore";
import { NoValue } from "../../components/NoValue";
import { PageTitle } from "../../components/PageTitle";
import { Preformatted } from "../../components/Preformatted";
import { QueryContent } from "../../components/QueryContent";
import { ResponsiveTable, type Column } from "../../components/ResponsiveTable";
import { useUpdateSearchParams } from "../../components/useUpdateSearchParams";
import { CustomerPicker } from "../staff/CustomerPicker";
import { useStaffAudit, type AuditFilter, type StaffAuditEntry } from "./api";
import { useActionText, useAuditTime } from "./labels";

const TEXT_FILTERS = ["actorId", "action", "subjectId"] as const;
type TextFilter = (typeof TEXT_FILTERS)[number];

function readFilter(params: URLSearchParams): AuditFilter {
  return {
    customerId: params.get("customerId") || null,
    actorId: params.get("actorId")?.trim() ?? "",
    action: params.get("action")?.trim() ?? "",
    subjectId: params.get("subjectId")?.trim() ?? "",
  };
}

/** "How" the actor acted, under its name: staff, through a manager account, Kapu itself. */
function actorRole(t: TFunction, actor: StaffAuditEntry["actor"]): string | null {
  if (actor.type === "system") return t("audit.actor.system");
  if (actor.type === "cli") return t("audit.actor.cli");
  if (actor.via === "staff") return t("audit.actor.actingAsCustomer");
  if (actor.staff) return t("audit.actor.staff");
  if (actor.via === "manager") return t("audit.actor.viaManager");
  if (actor.via === "contact") return t("audit.actor.contact");
  return null;
}

function ActorCell({ entry }: { entry: StaffAuditEntry }) {
  const { t } = useTranslation();
  const { actor } = entry;
  const role = actorRole(t, actor);
  const name = actor.name ?? actor.email;
  return (
    <>
      {actor.type === "user" ? (
        <Text size="sm">{name ?? actor.id ?? <NoValue />}</Text>
      ) : (
        <Text size="sm">{role}</Text>
      )}
      {actor.type === "user" && actor.name !== null && actor.email !== null && (
        <Text size="sm" c="dimmed" style={{ overflowWrap: "anywhere" }}>
          {actor.email}
        </Text>
      )}
      {actor.type === "user" && role !== null && (
        <Text size="sm" c="dimmed">
          {role}
        </Text>
      )}
    </>
  );
}

function ActionCell({ action }: { action: string }) {
  const actionText = useActionText();
  const text = actionText(action);
  return (
    <>
      <Code>{action}</Code>
      {text !== null && <Text size="sm">{text}</Text>}
    </>
  );
}

/** The entry's data as pretty JSON (and the client address), behind a disclosure. */
function DataCell({ entry }: { entry: StaffAuditEntry }) {
  const { t } = useTranslation();
  const empty = Object.keys(entry.data).length === 0;
  if (empty && entry.ip === null) return <NoValue />;
  return (
    <Box component="details" maw={480}>
      <Box component="summary" style={{ cursor: "pointer" }}>
        {t("audit.staff.showData")}
      </Box>
      <Stack gap={4} mt={4}>
        {entry.ip !== null && <Text size="sm">{t("audit.staff.ip", { ip: entry.ip })}</Text>}
        {!empty && <Preformatted>{JSON.stringify(entry.data, null, 2)}</Preformatted>}
      </Stack>
    </Box>
  );
}

/** Actor id, action prefix and subject id: typed, applied with the Filter button. */
function TextFilters({
  filter,
  onApply,
}: {
  filter: AuditFilter;
  onApply: (values: Record<TextFilter, string>) => void;
}) {
  const { t } = useTranslation();
  const [values, setValues] = useState<Record<TextFilter, string>>({
    actorId: filter.actorId,
    action: filter.action,
    subjectId: filter.subjectId,
  });
  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    onApply(values);
  };
  return (
    <Box
      component="form"
      role="search"
      aria-label={t("audit.staff.filter")}
      onSubmit={submit}
      noValidate
    >
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
        {TEXT_FILTERS.map((name) => (
          <TextInput
            key={name}
            label={t(`audit.staff.filters.${name}`)}
            description={t(`audit.staff.filters.${name}Hint`)}
            maxLength={name === "action" ? 100 : 64}
            autoComplete="off"
            spellCheck={false}
            value={values[name]}
            onChange={(event) => {
              const value = event.currentTarget.value;
              setValues((previous) => ({ ...previous, [name]: value }));
            }}
          />
        ))}
      </SimpleGrid>
      <Group mt="sm" gap="sm">
        <Button type="submit">{t("audit.staff.apply")}</Button>
      </Group>
    </Box>
  );
}

/** /staff/audit: who did what, newest first, for every staff role; filters live in the address. */
export function StaffAuditPage() {
  const { t } = useTranslation();
  const auditTime = useAuditTime();
  const [searchParams, updateSearchParams] = useUpdateSearchParams();
  const filter = readFilter(searchParams);
  const audit = useStaffAudit(filter);

  const set = (key: string, value: string | null) => {
    updateSearchParams((previous) => {
      const next = new URLSearchParams(previous);
      if (value === null || value.trim() === "") next.delete(key);
      else next.set(key, value.trim());
      return next;
    });
  };
  const anyFilter =
    filter.customerId !== null ||
    filter.actorId !== "" ||
    filter.action !== "" ||
    filter.subjectId !== "";

  const columns: Column<StaffAuditEntry>[] = [
    { header: t("audit.time"), cell: (entry) => auditTime(entry.at), nowrap: true },
    { header: t("audit.staff.actor"), cell: (entry) => <ActorCell entry={entry} /> },
    {
      header: t("audit.staff.customer"),
      cell: (entry) =>
        entry.customerId === null ? (
          <NoValue />
        ) : (
          <Anchor component={Link} to={`/staff/customers/${encodeURIComponent(entry.customerId)}`}>
            {entry.customerName ?? entry.customerId}
          </Anchor>
        ),
    },
    { header: t("audit.staff.action"), cell: (entry) => <ActionCell action={entry.action} /> },
    {
      header: t("audit.staff.subject"),
      cell: (entry) => (
        <>
          <Text size="sm">{entry.subjectType}</Text>
          {entry.subjectId !== null && (
            <Text size="sm" c="dimmed" style={{ overflowWrap: "anywhere" }}>
              {entry.subjectId}
            </Text>
          )}
        </>
      ),
    },
    { header: t("audit.staff.data"), cell: (entry) => <DataCell entry={entry} /> },
  ];

  return (
    <>
      <PageTitle>{t("audit.staff.title")}</PageTitle>
      <Text mb="md">{t("audit.staff.intro")}</Text>
      <Stack gap="sm" mb="md">
        <CustomerPicker
          label={t("audit.staff.customer")}
          value={filter.customerId}
          onChange={(id) => {
            set("customerId", id);
          }}
          clearable
        />
        <TextFilters
          // Starts again from the address when it changes (a link, "clear filters").
          key={`${filter.actorId}\n${filter.action}\n${filter.subjectId}`}
          filter={filter}
          onApply={(values) => {
            updateSearchParams((previous) => {
              const next = new URLSearchParams(previous);
              for (const name of TEXT_FILTERS) {
                const value = values[name].trim();
                if (value === "") next.delete(name);
                else next.set(name, value);
              }
              return next;
            });
          }}
        />
        {anyFilter && (
          <Group>
            <Button
              variant="subtle"
              size="compact-sm"
              onClick={() => {
                updateSearchParams(() => new URLSearchParams());
              }}
            >
              {t("audit.staff.clear")}
            </Button>
          </Group>
        )}
      </Stack>
      <QueryContent query={audit}>
        {({ pages }) => {
          const items = pages.flatMap((page) => page.items);
          return (
            <>
              <Text size="sm" c="dimmed" mb="sm" aria-live="polite">
                {t("audit.shown", { count: items.length })}
              </Text>
              {items.length === 0 ? (
                <EmptyState title={t("audit.staff.empty")} />
              ) : (
                <ResponsiveTable
                  label={t("audit.staff.tableLabel")}
                  rows={items}
                  rowKey={(entry) => entry.id}
                  columns={columns}
                />
              )}
              <LoadMore query={audit} />
            </>
          );
        }}
      </QueryContent>
    </>
  );
}
