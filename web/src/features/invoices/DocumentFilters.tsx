import { Box, Button, NativeSelect, SimpleGrid, TextInput } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import {
  DOCUMENT_KINDS,
  DOCUMENT_STATUSES,
  isDocumentKind,
  isDocumentStatus,
} from "./documentKind";
import type { DocumentFilter } from "./documentFilter";

interface DocumentFiltersProps {
  filter: DocumentFilter;
  /** Only what changed: two quick changes must not undo each other. */
  onChange: (change: Partial<DocumentFilter>) => void;
  /** Shown when any filter (including the extra ones) is set: clears them all. */
  onClear: (() => void) | null;
  /** More filters before the common ones (staff: search, customer). */
  children?: ReactNode;
}

/** Kind, status and issue-date range of a document list; applied as soon as they change. */
export function DocumentFilters({ filter, onChange, onClear, children }: DocumentFiltersProps) {
  const { t } = useTranslation();
  return (
    <Box
      component="form"
      role="search"
      aria-label={t("invoices.filter.label")}
      mb="md"
      onSubmit={(event) => {
        event.preventDefault();
      }}
    >
      {children}
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
        <NativeSelect
          label={t("invoices.kindLabel")}
          value={filter.kind ?? ""}
          onChange={(event) => {
            const value = event.currentTarget.value;
            onChange({ kind: isDocumentKind(value) ? value : null });
          }}
          data={[
            { value: "", label: t("invoices.filter.allKinds") },
            ...DOCUMENT_KINDS.map((kind) => ({
              value: kind,
              label: t(`invoices.filter.kind.${kind}`),
            })),
          ]}
        />
        <NativeSelect
          label={t("invoices.state")}
          value={filter.status ?? ""}
          onChange={(event) => {
            const value = event.currentTarget.value;
            onChange({ status: isDocumentStatus(value) ? value : null });
          }}
          data={[
            { value: "", label: t("invoices.filter.allStatuses") },
            ...DOCUMENT_STATUSES.map((status) => ({
              value: status,
              label: t(`invoices.status.${status}`),
            })),
          ]}
        />
        <TextInput
          type="date"
          label={t("invoices.filter.from")}
          value={filter.from ?? ""}
          max={filter.to ?? undefined}
          onChange={(event) => {
            const value = event.currentTarget.value;
            onChange({ from: value === "" ? null : value });
          }}
        />
        <TextInput
          type="date"
          label={t("invoices.filter.to")}
          value={filter.to ?? ""}
          min={filter.from ?? undefined}
          onChange={(event) => {
            const value = event.currentTarget.value;
            onChange({ to: value === "" ? null : value });
          }}
        />
      </SimpleGrid>
      {onClear !== null && (
        <Button variant="subtle" size="compact-sm" mt="xs" onClick={onClear}>
          {t("invoices.filter.clear")}
        </Button>
      )}
    </Box>
  );
}
