import { Anchor, EmptyState, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { CustomerListItem } from "../../api/types";
import { NoValue } from "../../components/NoValue";
import { PageTitle } from "../../components/PageTitle";
import { LoadMore } from "../../components/LoadMore";
import { QueryContent } from "../../components/QueryContent";
import { ResponsiveTable, type Column } from "../../components/ResponsiveTable";
import { useFormat } from "../../i18n/format";
import { useCustomerSearch } from "./api";

const SEARCH_DELAY_MS = 300;

export function CustomersPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [search, setSearch] = useState("");
  const [debouncedSearch] = useDebouncedValue(search.trim(), SEARCH_DELAY_MS);
  const customers = useCustomerSearch(debouncedSearch);

  const columns: Column<CustomerListItem>[] = [
    {
      header: t("staff.customers.name"),
      cell: (customer) => (
        <Anchor component={Link} to={`/staff/customers/${encodeURIComponent(customer.id)}`}>
          {customer.name}
        </Anchor>
      ),
    },
    { header: t("staff.customers.code"), cell: (customer) => customer.code },
    {
      header: t("staff.customers.kindLabel"),
      cell: (customer) => t(`staff.customers.kind.${customer.kind}`),
    },
    { header: t("staff.customers.country"), cell: (customer) => format.country(customer.country) },
    { header: t("staff.customers.email"), cell: (customer) => customer.email ?? <NoValue /> },
    {
      header: t("staff.customers.services"),
      cell: (customer) => customer.serviceCount,
      numeric: true,
    },
    {
      header: t("staff.customers.createdAt"),
      cell: (customer) => format.dateTime(customer.createdAt),
    },
  ];

  return (
    <>
      <PageTitle>{t("staff.customers.title")}</PageTitle>
      <TextInput
        type="search"
        label={t("staff.customers.search")}
        description={t("staff.customers.searchHint")}
        value={search}
        onChange={(event) => {
          setSearch(event.currentTarget.value);
        }}
        maw={480}
        mb="md"
      />
      <QueryContent query={customers}>
        {({ pages }) => {
          const items = pages.flatMap((page) => page.items);
          return (
            <>
              <Text size="sm" c="dimmed" mb="sm" aria-live="polite">
                {t("staff.customers.shown", { count: items.length })}
              </Text>
              {items.length === 0 ? (
                <EmptyState title={t("staff.customers.empty")} />
              ) : (
                <ResponsiveTable
                  label={t("staff.customers.tableLabel")}
                  rows={items}
                  rowKey={(customer) => customer.id}
                  columns={columns}
                />
              )}
              <LoadMore query={customers} />
            </>
          );
        }}
      </QueryContent>
    </>
  );
}
