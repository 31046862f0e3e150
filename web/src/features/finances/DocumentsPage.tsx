import { Anchor, EmptyState, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { PageTitle } from "../../components/PageTitle";
import { useUpdateSearchParams } from "../../components/useUpdateSearchParams";
import { LoadMore } from "../../components/LoadMore";
import { QueryContent } from "../../components/QueryContent";
import { Section } from "../../components/Section";
import {
  isFiltered,
  readDocumentFilter,
  writeDocumentFilter,
  type DocumentFilter,
} from "../invoices/documentFilter";
import { DocumentFilters } from "../invoices/DocumentFilters";
import { DocumentTable } from "../invoices/DocumentTable";
import { myDocumentPdfPath, useMyBalance, useMyDocuments } from "./api";
import { BalanceCards } from "./BalanceCard";

/** Finances → My invoices: the balance, then proformas, invoices and credit notes. */
export function DocumentsPage() {
  const { t } = useTranslation();
  const [searchParams, updateSearchParams] = useUpdateSearchParams();
  const filter = readDocumentFilter(searchParams);
  const documents = useMyDocuments(filter);
  const balance = useMyBalance();

  const setFilter = (change: Partial<DocumentFilter>) => {
    updateSearchParams((previous) => writeDocumentFilter(previous, change));
  };

  return (
    <>
      <PageTitle>{t("finances.documents.title")}</PageTitle>
      <Section title={t("finances.balance.title")} first>
        <QueryContent query={balance}>
          {({ items }) => <BalanceCards balances={items} />}
        </QueryContent>
        <Anchor component={Link} to="/finances/statement" display="inline-block" mt="sm">
          {t("finances.documents.toStatement")}
        </Anchor>
      </Section>
      <Section title={t("finances.documents.listTitle")}>
        <DocumentFilters
          filter={filter}
          onChange={setFilter}
          onClear={
            isFiltered(filter)
              ? () => {
                  updateSearchParams(() => new URLSearchParams());
                }
              : null
          }
        />
        <QueryContent query={documents}>
          {({ pages }) => {
            const items = pages.flatMap((page) => page.items);
            return (
              <>
                <Text size="sm" c="dimmed" mb="sm" aria-live="polite">
                  {t("finances.documents.shown", { count: items.length })}
                </Text>
                {items.length === 0 ? (
                  <EmptyState
                    title={
                      isFiltered(filter) ? t("finances.documents.noMatch") : t("invoices.empty")
                    }
                  />
                ) : (
                  <DocumentTable
                    documents={items}
                    detailPath={(document) =>
                      `/finances/documents/${encodeURIComponent(document.id)}`
                    }
                    pdfPath={(document) => myDocumentPdfPath(document.id)}
                  />
                )}
                <LoadMore query={documents} />
              </>
            );
          }}
        </QueryContent>
      </Section>
    </>
  );
}
