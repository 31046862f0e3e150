import {
  Alert,
  Anchor,
  Box,
  Button,
  EmptyState,
  Group,
  Input,
  List,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Text,
} from "@mantine/core";
import { useId, useRef, useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { ApiError } from "../../api/problem";
import type { BankImportReport, BankImportSummary, BankStatementFormat } from "../../api/types";
import { DetailList } from "../../components/DetailList";
import { ErrorAlert } from "../../components/ErrorAlert";
import { LoadMore } from "../../components/LoadMore";
import { NoValue } from "../../components/NoValue";
import { Notice } from "../../components/Notice";
import { PageTitle } from "../../components/PageTitle";
import { QueryContent } from "../../components/QueryContent";
import { ResponsiveTable, type Column } from "../../components/ResponsiveTable";
import { Section } from "../../components/Section";
import { StatusBadge } from "../../components/StatusBadge";
import { useFormat } from "../../i18n/format";
import { readAsBase64, useBankImports, useImportStatement } from "./api";

const FORMATS = ["camt053", "mt940", "csv"] as const satisfies readonly BankStatementFormat[];
const MAX_BYTES = 30 * 1024 * 1024;

function importPath(id: string): string {
  return `/staff/bank/imports/${encodeURIComponent(id)}`;
}

/** What an import did: lines read, new, matched, credited, queued, ignored, already known. */
function ImportReportCard({ report }: { report: BankImportReport }) {
  const { t } = useTranslation();
  const titleId = useId();
  return (
    <Paper withBorder p="md" mt="md" component="section" aria-labelledby={titleId}>
      <Text id={titleId} fw={700} mb="sm" role="status">
        {report.linesNew === 0 && report.linesTotal > 0
          ? t("bank.report.nothingNew")
          : t("bank.report.done", { count: report.linesNew })}
      </Text>
      <DetailList
        labelWidth="14rem"
        items={[
          { label: t("bank.format"), value: report.format },
          { label: t("bank.report.linesTotal"), value: report.linesTotal },
          { label: t("bank.report.linesNew"), value: report.linesNew },
          { label: t("bank.counts.matched"), value: report.matched },
          { label: t("bank.counts.credited"), value: report.credited },
          { label: t("bank.counts.queued"), value: report.queued },
          { label: t("bank.counts.ignored"), value: report.ignored },
          { label: t("bank.report.alreadyKnown"), value: report.alreadyKnown },
          { label: t("bank.report.payments"), value: report.payments },
        ]}
      />
      {report.warnings.length > 0 && (
        <Notice color="yellow" mt="md" heading={t("bank.warnings")}>
          <List size="sm">
            {report.warnings.map((warning, index) => (
              <List.Item key={`${index}:${warning}`}>{warning}</List.Item>
            ))}
          </List>
        </Notice>
      )}
      <Group mt="md" gap="sm">
        <Button component={Link} to={importPath(report.importId)} variant="default">
          {t("bank.report.openImport")}
        </Button>
        {report.queued > 0 && (
          <Button component={Link} to="/staff/bank/queue">
            {t("bank.report.openQueue", { count: report.queued })}
          </Button>
        )}
      </Group>
    </Paper>
  );
}

/** A statement that cannot be read names the line or element at fault: show that plainly. */
function UploadError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (error instanceof ApiError && error.problem?.code === "payments.statement_invalid") {
    return (
      <Alert color="red">
        <Text fw={700} size="sm">
          {t("errors.payments.statement_invalid")}
        </Text>
        <Text size="sm" style={{ overflowWrap: "anywhere" }}>
          {error.problem.detail ?? error.problem.title}
        </Text>
      </Alert>
    );
  }
  return <ErrorAlert error={error} withServerMessage />;
}

/** Choose a statement file and import it; the report of what it did follows. */
function UploadForm() {
  const { t } = useTranslation();
  const upload = useImportStatement();
  const fileId = useId();
  const fileInput = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<BankStatementFormat | "">("");
  const [fileError, setFileError] = useState<string | undefined>();
  const [reading, setReading] = useState(false);

  const submit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (file === null) {
      setFileError(t("bank.upload.chooseFile"));
      return;
    }
    if (file.size > MAX_BYTES) {
      setFileError(t("bank.upload.tooLarge"));
      return;
    }
    setFileError(undefined);
    setReading(true);
    let contentBase64: string;
    try {
      contentBase64 = await readAsBase64(file);
    } catch {
      setFileError(t("bank.upload.unreadable"));
      return;
    } finally {
      setReading(false);
    }
    upload.mutate(
      { filename: file.name, contentBase64, ...(format === "" ? {} : { format }) },
      {
        onSuccess: () => {
          setFile(null);
          if (fileInput.current !== null) fileInput.current.value = "";
        },
      },
    );
  };

  const describedBy = [`${fileId}-description`, ...(fileError ? [`${fileId}-error`] : [])].join(
    " ",
  );

  return (
    <>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <Stack gap="md" maw={640}>
          <Input.Wrapper
            id={fileId}
            label={t("bank.upload.file")}
            description={t("bank.upload.fileHint")}
            error={fileError}
            required
          >
            <Box mt={4}>
              <input
                ref={fileInput}
                id={fileId}
                type="file"
                accept=".xml,.txt,.sta,.940,.mt940,.csv"
                aria-describedby={describedBy}
                aria-invalid={fileError !== undefined}
                onChange={(event) => {
                  setFile(event.currentTarget.files?.[0] ?? null);
                  setFileError(undefined);
                  upload.reset();
                }}
                style={{ maxWidth: "100%" }}
              />
            </Box>
          </Input.Wrapper>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NativeSelect
              label={t("bank.format")}
              value={format}
              onChange={(event) => {
                const value = event.currentTarget.value;
                setFormat(FORMATS.find((candidate) => candidate === value) ?? "");
              }}
              data={[
                { value: "", label: t("bank.upload.detect") },
                ...FORMATS.map((value) => ({ value, label: t(`bank.formats.${value}`) })),
              ]}
            />
          </SimpleGrid>
          {upload.isError && <UploadError error={upload.error} />}
          <Group>
            <Button type="submit" loading={reading || upload.isPending}>
              {t("bank.upload.submit")}
            </Button>
          </Group>
        </Stack>
      </form>
      {upload.isSuccess && <ImportReportCard report={upload.data} />}
    </>
  );
}

function Imports() {
  const { t } = useTranslation();
  const format = useFormat();
  const imports = useBankImports();
  const columns: Column<BankImportSummary>[] = [
    {
      header: t("bank.imports.file"),
      cell: (row) => (
        <Anchor component={Link} to={importPath(row.id)} style={{ overflowWrap: "break-word" }}>
          {row.filename}
        </Anchor>
      ),
    },
    {
      header: t("bank.imports.startedAt"),
      cell: (row) => format.dateTime(row.startedAt),
      nowrap: true,
    },
    { header: t("bank.format"), cell: (row) => row.format },
    {
      header: t("bank.imports.status"),
      cell: (row) =>
        row.status === "complete" ? (
          <StatusBadge tone="success">{t("bank.imports.complete")}</StatusBadge>
        ) : (
          <StatusBadge tone="warning">{t("bank.imports.importing")}</StatusBadge>
        ),
      nowrap: true,
    },
    { header: t("bank.report.linesNew"), cell: (row) => row.linesNew, numeric: true },
    { header: t("bank.counts.matched"), cell: (row) => row.matched, numeric: true },
    { header: t("bank.counts.credited"), cell: (row) => row.credited, numeric: true },
    { header: t("bank.counts.queued"), cell: (row) => row.queued, numeric: true },
    { header: t("bank.counts.ignored"), cell: (row) => row.ignored, numeric: true },
    {
      header: t("bank.warnings"),
      cell: (row) => (row.warnings.length === 0 ? <NoValue /> : row.warnings.length),
      numeric: true,
    },
  ];
  return (
    <QueryContent query={imports}>
      {({ pages }) => {
        const items = pages.flatMap((page) => page.items);
        return items.length === 0 ? (
          <EmptyState title={t("bank.imports.empty")} />
        ) : (
          <>
            <ResponsiveTable
              label={t("bank.imports.title")}
              rows={items}
              rowKey={(row) => row.id}
              columns={columns}
            />
            <LoadMore query={imports} />
          </>
        );
      }}
    </QueryContent>
  );
}

/** /staff/bank — upload a bank statement, see what it matched; the earlier imports. */
export function BankPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle>{t("bank.title")}</PageTitle>
      <Text mb="md">{t("bank.intro")}</Text>
      <Group mb="md">
        <Button component={Link} to="/staff/bank/queue" variant="default">
          {t("bank.queue.title")}
        </Button>
      </Group>
      <Section title={t("bank.upload.title")} first>
        <UploadForm />
      </Section>
      <Section title={t("bank.imports.title")}>
        <Imports />
      </Section>
    </>
  );
}
