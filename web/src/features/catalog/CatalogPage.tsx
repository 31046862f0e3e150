import { Anchor, Button, EmptyState, Group, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { NoValue } from "../../components/NoValue";
import { PageTitle } from "../../components/PageTitle";
import { QueryContent } from "../../components/QueryContent";
import { ResponsiveTable, type Column } from "../../components/ResponsiveTable";
import { StatusBadge } from "../../components/StatusBadge";
import { useFormat } from "../../i18n/format";
import type { StaffProduct } from "../order/types";
import { sortedPrices } from "../order/money";
import { useStaffProducts } from "./api";

export function productPath(id: string): string {
  return `/staff/catalog/${encodeURIComponent(id)}`;
}

/** /staff/catalog: the products with their prices; edit one or add a new one. */
export function CatalogPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const products = useStaffProducts();

  const columns: Column<StaffProduct>[] = [
    {
      header: t("catalog.name"),
      cell: (product) => (
        <Anchor component={Link} to={productPath(product.id)}>
          {product.name}
        </Anchor>
      ),
    },
    {
      header: t("catalog.code"),
      cell: (product) => <span translate="no">{product.code}</span>,
    },
    { header: t("catalog.kind"), cell: (product) => t(`services.productKind.${product.kind}`) },
    {
      header: t("catalog.active"),
      cell: (product) =>
        product.active ? (
          <StatusBadge tone="success">{t("catalog.onSale")}</StatusBadge>
        ) : (
          <StatusBadge tone="neutral">{t("catalog.notOnSale")}</StatusBadge>
        ),
    },
    {
      header: t("catalog.domains"),
      cell: (product) =>
        product.tld !== null ? (
          `.${product.tld}`
        ) : product.freeDomainTlds.length > 0 ? (
          t("catalog.freeDomains", {
            tlds: product.freeDomainTlds.map((tld) => `.${tld}`).join(", "),
          })
        ) : (
          <NoValue />
        ),
    },
    {
      header: t("catalog.prices"),
      cell: (product) =>
        product.prices.length === 0 ? (
          <NoValue />
        ) : (
          sortedPrices(product.prices).map((price) => (
            <Text
              key={`${price.cycle}/${price.currency}`}
              size="sm"
              style={{ whiteSpace: "nowrap" }}
            >
              {t(`services.cycle.${price.cycle}`)}:{" "}
              {format.money({ amount: price.amount, currency: price.currency })}
            </Text>
          ))
        ),
    },
    {
      header: t("catalog.module"),
      cell: (product) =>
        product.provisioningModule === null ? (
          <NoValue />
        ) : (
          <span translate="no">{product.provisioningModule}</span>
        ),
    },
  ];

  return (
    <>
      <PageTitle>{t("catalog.title")}</PageTitle>
      <Group mb="md">
        <Button component={Link} to="/staff/catalog/new">
          {t("catalog.new")}
        </Button>
      </Group>
      <QueryContent query={products}>
        {({ items }) =>
          items.length === 0 ? (
            <EmptyState title={t("catalog.empty")} />
          ) : (
            <ResponsiveTable
              label={t("catalog.tableLabel")}
              rows={items}
              rowKey={(product) => product.id}
              columns={columns}
            />
          )
        }
      </QueryContent>
    </>
  );
}
