import { Button, EmptyState, Group, SimpleGrid, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { PageTitle } from "../../components/PageTitle";
import { useUpdateSearchParams } from "../../components/useUpdateSearchParams";
import { LoadMore } from "../../components/LoadMore";
import { QueryContent } from "../../components/QueryContent";
import {
  isFiltered,
  readDocumentFilter,
  writeDocumentFilter,
  type DocumentFilter,
} from "../invoices/documentFilter";
import { DocumentFilters } from "../invoices/DocumentFilters";
import { DocumentTable } from "../invoices/DocumentTable";
import { CustomerPicker } from "../staff/CustomerPicker";
import { exportPath, useStaffDocuments } from "./api";

const SEARCH_DELAY_MS = 300;

/** /staff/documents: every customer's proformas, invoices and credit notes. */
export function StaffDocumentsPage() {
  const { t } = useTranslation();
  const [searchParams, updateSearchParams] = useUpdateSearchParams();
  const filter = readDocumentFilter(searchParams);
  const customerId = searchParams.get("customerId");
  const q = searchParams.get("q") ?? "";
  const [search, setSearch] = useState(q);
  const [debouncedSearch] = useDebouncedValue(search.trim(), SEARCH_DELAY_MS);
  const documents = useStaffDocuments({ ...filter, q, customerId });

  // The search box writes the URL after a pause in typing (and only then: clearing the filters
  // must not bring back the text that was last written).
  const written = useRef(debouncedSearch);
  useEffect(() => {
    if (written.current === debouncedSearch) return;
    written.current = debouncedSearch;
    updateSearchParams((previous) => {
      const next = new URLSearchParams(previous);
      if (debouncedSearch === "") next.delete("q");
      else next.set("q", debouncedSearch);
      return next;
    });
  }, [debouncedSearch, updateSearchParams]);

  const setFilter = (change: Partial<DocumentFilter>) => {
    updateSearchParams((previous) => writeDocumentFilter(previous, change));
  };
  const setCustomer = (id: string | null) => {
    updateSearchParams((previous) => {
      const next = new URLSearchParams(previous);
      if (id === null) next.delete("customerId");
      else next.set("customerId", id);
      return next;
    });
  };
  const anyFilter = isFiltered(filter) || customerId !== null || q !== "";

  return (
    <>
      <PageTitle>{t("billing.documents.title")}</PageTitle>
      <Group mb="md">
        <Button
          component={Link}
          to={
            customerId === null
              ? "/staff/documents/new"
              : `/staff/documents/new?customerId=${encodeURIComponent(customerId)}`
          }
        >
          {t("billing.documents.new")}
        </Button>
      </Group>
      <DocumentFilters
        filter={filter}
        onChange={setFilter}
        onClear={
          anyFilter
            ? () => {
                setSearch("");
                updateSearchParams(() => new URLSearchParams());
              }
            : null
        }
      >
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" mb="sm">
          <TextInput
            type="search"
            label={t("billing.documents.search")}
            description={t("billing.documents.searchHint")}
            value={search}
            onChange={(event) => {
              setSearch(event.currentTarget.value);
            }}
          />
          <CustomerPicker
            label={t("billing.documents.customer")}
            description={t("billing.documents.customerHint")}
            value={customerId}
            onChange={setCustomer}
            clearable
          />
        </SimpleGrid>
      </DocumentFilters>
      <QueryContent query={documents}>
        {({ pages }) => {
          const items = pages.flatMap((page) => page.items);
          return (
            <>
              <Text size="sm" c="dimmed" mb="sm" aria-live="polite">
                {t("billing.documents.shown", { count: items.length })}
              </Text>
              {items.length === 0 ? (
                <EmptyState title={t("billing.documents.empty")} />
              ) : (
                <DocumentTable
                  documents={items}
                  label={t("billing.documents.tableLabel")}
                  withCustomer
                  detailPath={(document) => `/staff/documents/${encodeURIComponent(document.id)}`}
                  pdfPath={(document) => exportPath(document.id, "pdf")}
                />
              )}
              <LoadMore query={documents} />
            </>
          );
        }}
      </QueryContent>
    </>
  );
}
