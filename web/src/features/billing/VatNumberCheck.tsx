import { Alert, Button, Group, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import type { VatCheckEvidence } from "../../api/types";
import { ErrorAlert } from "../../components/ErrorAlert";
import { NoValue } from "../../components/NoValue";
import { QueryContent } from "../../components/QueryContent";
import { ResponsiveTable, type Column } from "../../components/ResponsiveTable";
import { StatusBadge, type Tone } from "../../components/StatusBadge";
import { useFormat } from "../../i18n/format";
import { useCheckVatNumber, useVatChecks } from "./api";

const RESULTS = ["valid", "invalid", "unavailable"] as const;
type Result = (typeof RESULTS)[number];
const RESULT_TONES: Record<Result, Tone> = {
  valid: "success",
  invalid: "danger",
  unavailable: "warning",
};
const SOURCES = ["offline", "vies"] as const;

function ResultBadge({ result }: { result: string }) {
  const { t } = useTranslation();
  const known = RESULTS.find((candidate) => candidate === result);
  return known === undefined ? (
    <StatusBadge tone="neutral">{result}</StatusBadge>
  ) : (
    <StatusBadge tone={RESULT_TONES[known]}>{t(`billing.vatCheck.results.${known}`)}</StatusBadge>
  );
}

/** "Check VAT number" (offline, then VIES) and the stored evidence of earlier checks. */
export function VatNumberCheck({
  customerId,
  vatNumber,
}: {
  customerId: string;
  vatNumber: string | null;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const check = useCheckVatNumber(customerId);
  const evidence = useVatChecks(customerId);

  const sourceLabel = (source: string) => {
    const known = SOURCES.find((candidate) => candidate === source);
    return known === undefined ? source : t(`billing.vatCheck.sources.${known}`);
  };

  const columns: Column<VatCheckEvidence>[] = [
    { header: t("billing.vatCheck.checkedAt"), cell: (row) => format.dateTime(row.checkedAt) },
    { header: t("billing.vatCheck.vatNumber"), cell: (row) => row.vatNumber },
    { header: t("billing.vatCheck.result"), cell: (row) => <ResultBadge result={row.result} /> },
    { header: t("billing.vatCheck.source"), cell: (row) => sourceLabel(row.source) },
    { header: t("billing.vatCheck.name"), cell: (row) => row.name ?? <NoValue /> },
    {
      header: t("billing.vatCheck.requestIdentifier"),
      cell: (row) => row.requestIdentifier ?? <NoValue />,
    },
    { header: t("billing.vatCheck.detail"), cell: (row) => row.detail ?? <NoValue /> },
  ];

  return (
    <>
      {vatNumber === null ? (
        <Text mb="sm">{t("billing.vatCheck.noNumber")}</Text>
      ) : (
        <Group mb="sm">
          <Button
            variant="default"
            loading={check.isPending}
            onClick={() => {
              check.mutate();
            }}
          >
            {t("billing.vatCheck.check", { number: vatNumber })}
          </Button>
        </Group>
      )}
      {check.isError && <ErrorAlert error={check.error} withServerMessage />}
      {check.data !== undefined && (
        <Alert
          color={check.data.result === "valid" ? "teal" : "yellow"}
          c={check.data.result === "valid" ? undefined : "dark.9"}
          mb="sm"
          role="status"
        >
          {t(`billing.vatCheck.outcome.${check.data.result}`, {
            number: check.data.vatNumber,
            source: sourceLabel(check.data.source),
          })}
          {check.data.name !== null && ` (${check.data.name})`}
        </Alert>
      )}
      <QueryContent query={evidence}>
        {({ items }) =>
          items.length === 0 ? (
            <Text>{t("billing.vatCheck.empty")}</Text>
          ) : (
            <ResponsiveTable
              label={t("billing.vatCheck.tableLabel")}
              rows={items}
              rowKey={(row, index) => `${row.checkedAt}:${index}`}
              columns={columns}
            />
          )
        }
      </QueryContent>
    </>
  );
}
