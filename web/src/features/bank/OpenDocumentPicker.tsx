import { Select } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../../i18n/format";
import { useStaffDocuments } from "../billing/api";
import { isPayable } from "../payments/payable";

const SEARCH_DELAY_MS = 300;

/** Picks an open proforma or invoice of any customer by number or customer name. */
export function OpenDocumentPicker({
  label,
  value,
  onChange,
  error,
}: {
  label: string;
  value: string | null;
  onChange: (documentId: string | null) => void;
  error?: string;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const [search, setSearch] = useState("");
  // The chosen document keeps its label when the next search no longer finds it.
  const [chosen, setChosen] = useState<{ value: string; label: string } | null>(null);
  const [debounced] = useDebouncedValue(search.trim(), SEARCH_DELAY_MS);
  const results = useStaffDocuments({
    kind: null,
    status: "open",
    from: null,
    to: null,
    q: debounced,
    customerId: null,
  });
  const options = (results.data?.pages ?? [])
    .flatMap((page) => page.items)
    .filter(isPayable)
    .map((document) => ({
      value: document.id,
      label: `${document.number} · ${document.customer.name} · ${format.money(document.due)}`,
    }));
  if (chosen !== null && chosen.value === value && !options.some((o) => o.value === value)) {
    options.unshift(chosen);
  }

  return (
    <Select
      label={label}
      placeholder={t("bank.queue.documentPlaceholder")}
      searchable
      required
      error={error}
      value={value}
      onChange={(next, option) => {
        setChosen(next === null ? null : { value: next, label: option?.label ?? next });
        onChange(next);
      }}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      data={options}
      nothingFoundMessage={
        results.isFetching ? t("common.loading") : t("bank.queue.noDocumentFound")
      }
      maw={520}
    />
  );
}
