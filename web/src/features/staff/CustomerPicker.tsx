import { Select } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useCustomer, useCustomerSearch } from "./api";

const SEARCH_DELAY_MS = 300;

interface CustomerPickerProps {
  label: string;
  description?: string;
  value: string | null;
  onChange: (customerId: string | null) => void;
  error?: string;
  required?: boolean;
  clearable?: boolean;
}

/**
 * Picks a customer by name, code or e-mail with the staff customer search: type to search,
 * choose from the matches. The chosen customer keeps its label even when it is not among the
 * current matches.
 */
export function CustomerPicker({
  label,
  description,
  value,
  onChange,
  error,
  required = false,
  clearable = false,
}: CustomerPickerProps) {
  const { t } = useTranslation();
  const [search, setSearch] = useState("");
  const [debounced] = useDebouncedValue(search.trim(), SEARCH_DELAY_MS);
  const chosen = useCustomer(value ?? "", { enabled: value !== null });
  const results = useCustomerSearch(debounced);

  const found = (results.data?.pages ?? []).flatMap((page) => page.items);
  const options = found.map((customer) => ({
    value: customer.id,
    label: `${customer.name} (${customer.code})`,
  }));
  const chosenCustomer = chosen.data?.customer;
  if (
    value !== null &&
    chosenCustomer !== undefined &&
    !options.some((option) => option.value === value)
  ) {
    options.unshift({ value, label: `${chosenCustomer.name} (${chosenCustomer.code})` });
  }

  return (
    <Select
      label={label}
      description={description}
      placeholder={t("billing.customerPicker.placeholder")}
      searchable
      clearable={clearable}
      required={required}
      error={error}
      value={value}
      onChange={(next) => {
        onChange(next);
      }}
      searchValue={search}
      onSearchChange={setSearch}
      // The server has already filtered by the search text.
      filter={({ options: all }) => all}
      data={options}
      nothingFoundMessage={
        results.isFetching ? t("common.loading") : t("billing.customerPicker.nothingFound")
      }
      maw={480}
    />
  );
}
