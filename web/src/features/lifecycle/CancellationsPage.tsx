import { Anchor, Button, EmptyState, Group, NativeSelect, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { NoValue } from "../../components/NoValue";
import { PageTitle } from "../../components/PageTitle";
import { QueryContent } from "../../components/QueryContent";
import { ResponsiveTable, type Column } from "../../components/ResponsiveTable";
import { StatusBadge, type Tone } from "../../components/StatusBadge";
import { useUpdateSearchParams } from "../../components/useUpdateSearchParams";
import { useFormat } from "../../i18n/format";
import { useCancellations, type CancellationRequest, type CancellationStatus } from "./api";
import { OverrideDialog } from "./StaffServiceActions";

const STATUSES = [
  "pending",
  "effective",
  "withdrawn",
  "overridden",
] as const satisfies readonly CancellationStatus[];

const TONES: Record<CancellationStatus, Tone> = {
  pending: "warning",
  effective: "neutral",
  withdrawn: "info",
  overridden: "info",
};

function isStatus(value: string | null): value is CancellationStatus {
  return STATUSES.some((status) => status === value);
}

function requestName(request: CancellationRequest): string {
  return request.name === null ? request.product : `${request.product} – ${request.name}`;
}

/** /staff/cancellations: the customers' cancellation requests; a pending one can be overridden. */
export function CancellationsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [params, updateParams] = useUpdateSearchParams();
  const param = params.get("status");
  // Pending first: those are the ones that still need a look.
  const status = param === "all" ? null : isStatus(param) ? param : "pending";
  const requests = useCancellations(status);
  const [overriding, setOverriding] = useState<CancellationRequest | null>(null);

  const columns: Column<CancellationRequest>[] = [
    { header: t("lifecycle.services.service"), cell: requestName },
    {
      header: t("lifecycle.customer"),
      cell: (request) => (
        <Anchor component={Link} to={`/staff/customers/${encodeURIComponent(request.customerId)}`}>
          {request.customerName}
        </Anchor>
      ),
    },
    {
      header: t("lifecycle.cancellations.status"),
      cell: (request) => (
        <StatusBadge tone={TONES[request.status]}>
          {t(`lifecycle.cancellations.statuses.${request.status}`)}
        </StatusBadge>
      ),
    },
    {
      header: t("lifecycle.cancellations.requestedAt"),
      cell: (request) => format.dateTime(request.requestedAt),
    },
    {
      header: t("lifecycle.cancellations.effectiveDate"),
      nowrap: true,
      cell: (request) => format.date(request.effectiveDate),
    },
    {
      header: t("lifecycle.cancellations.reason"),
      cell: (request) => (
        <>
          {request.reason ?? <NoValue />}
          {request.decisionReason !== null && (
            <Text size="sm" c="dimmed">
              {t("lifecycle.cancellations.decision", { reason: request.decisionReason })}
            </Text>
          )}
        </>
      ),
    },
    {
      header: t("lifecycle.cancellations.documents"),
      cell: (request) =>
        request.documents.length === 0 ? (
          <NoValue />
        ) : (
          request.documents.map((document) => (
            <Text key={document.id} size="sm">
              <Anchor component={Link} to={`/staff/documents/${encodeURIComponent(document.id)}`}>
                {document.number}
              </Anchor>{" "}
              ({t(`lifecycle.cancellations.documentAction.${document.action}`)})
            </Text>
          ))
        ),
    },
    {
      header: t("lifecycle.services.actions"),
      cell: (request) =>
        request.status === "pending" ? (
          <Button
            size="compact-sm"
            variant="default"
            aria-label={`${t("lifecycle.override.open")}: ${requestName(request)}`}
            onClick={() => {
              setOverriding(request);
            }}
          >
            {t("lifecycle.override.open")}
          </Button>
        ) : (
          <NoValue />
        ),
    },
  ];

  return (
    <>
      <PageTitle>{t("lifecycle.cancellations.title")}</PageTitle>
      <Text mb="md">{t("lifecycle.cancellations.intro")}</Text>
      <Group align="flex-end" mb="md">
        <NativeSelect
          label={t("lifecycle.cancellations.status")}
          value={status ?? "all"}
          onChange={(event) => {
            const next = event.currentTarget.value;
            updateParams((current) => {
              current.set("status", next);
              return current;
            });
          }}
          data={[
            ...STATUSES.map((value) => ({
              value,
              label: t(`lifecycle.cancellations.statuses.${value}`),
            })),
            { value: "all", label: t("lifecycle.cancellations.all") },
          ]}
        />
      </Group>
      <QueryContent query={requests}>
        {({ items }) =>
          items.length === 0 ? (
            <EmptyState title={t("lifecycle.cancellations.empty")} />
          ) : (
            <ResponsiveTable
              label={t("lifecycle.cancellations.tableLabel")}
              rows={items}
              rowKey={(request) => request.id}
              columns={columns}
            />
          )
        }
      </QueryContent>
      {overriding !== null && (
        <OverrideDialog
          serviceId={overriding.serviceId}
          name={requestName(overriding)}
          onClose={() => {
            setOverriding(null);
          }}
        />
      )}
    </>
  );
}
