import { Anchor, EmptyState, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { InvoiceSummary } from "../../api/types";
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
import { isPayable } from "../payments/payable";
import { PaySelection } from "../payments/PaySelection";
import { myDocumentPdfPath, useMyBalance, useMyDocuments } from "./api";
import { BalanceCards } from "./BalanceCard";

/** Finances → My invoices: the balance, then proformas, invoices and credit notes. */
export function DocumentsPage() {
  const { t } = useTranslation();
  const [searchParams, updateSearchParams] = useUpdateSearchParams();
  const filter = readDocumentFilter(searchParams);
  const documents = useMyDocuments(filter);
  const balance = useMyBalance();
  // Chosen for payment, kept while the filters change (the pay bar shows their total).
  const [chosen, setChosen] = useState<ReadonlyMap<string, InvoiceSummary>>(new Map());
  const choose = (document: InvoiceSummary, selected: boolean) => {
    setChosen((previous) => {
      const next = new Map(previous);
      if (selected) next.set(document.id, document);
      else next.delete(document.id);
      return next;
    });
  };

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
                <PaySelection
                  chosen={[...chosen.values()]}
                  anyPayable={items.some(isPayable)}
                  onClear={() => {
                    setChosen(new Map());
                  }}
                />
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
                    selection={{
                      isSelectable: isPayable,
                      isSelected: (document) => chosen.has(document.id),
                      onChange: choose,
                      label: (document) => t("payments.select.choose", { number: document.number }),
                    }}
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
