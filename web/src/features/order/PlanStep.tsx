import {
  Button,
  Group,
  List,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from "@mantine/core";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { StatusBadge } from "../../components/StatusBadge";
import { useFormat } from "../../i18n/format";
import { domainPrice } from "./cart";
import { compareDecimals } from "../billing/decimal";
import type { CatalogPrice, CatalogProduct, ProductKind } from "./types";
import { discountPercent, isZero, sortedPrices } from "./money";

interface PlanStepProps {
  catalog: readonly CatalogProduct[];
  /** The plan and cycle chosen earlier, shown again when the customer comes back. */
  chosen: { productId: string | null; cycle: CatalogPrice["cycle"] } | null;
  onChoose: (product: CatalogProduct, cycle: CatalogPrice["cycle"]) => void;
  onDomainOnly: () => void;
}

/** Plans by kind (hosting first), then cheapest first. */
const KIND_ORDER: readonly ProductKind[] = ["hosting", "software", "ssl", "addon", "domain"];

/** The lowest per-month amount a product is offered at, for sorting ("0" without prices). */
function cheapest(product: CatalogProduct): string {
  const monthly = product.prices.find((price) => price.cycle === "monthly");
  return (monthly ?? product.prices[0])?.amount ?? "0";
}

/** Annual and longer cycles first when they are cheaper: most customers pick those. */
function defaultPrice(prices: readonly CatalogPrice[]): CatalogPrice | undefined {
  return prices.find((price) => price.cycle === "annual") ?? prices[0];
}

function PlanCard({
  product,
  chosenCycle,
  onChoose,
}: {
  product: CatalogProduct;
  chosenCycle: CatalogPrice["cycle"] | null;
  onChoose: PlanStepProps["onChoose"];
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const headingId = useId();
  const prices = sortedPrices(product.prices);
  const monthly = prices.find((price) => price.cycle === "monthly");
  const [cycle, setCycle] = useState(
    chosenCycle !== null && prices.some((price) => price.cycle === chosenCycle)
      ? chosenCycle
      : (defaultPrice(prices)?.cycle ?? "monthly"),
  );
  const price = prices.find((candidate) => candidate.cycle === cycle);
  const discount = price ? discountPercent(price, monthly) : null;

  return (
    <Paper component="section" withBorder p="md" aria-labelledby={headingId}>
      <Stack gap="sm" h="100%">
        <div>
          <Title order={3} size="h4" id={headingId}>
            {product.name}
          </Title>
          <Text size="sm" c="dimmed">
            {t(`services.productKind.${product.kind}`)}
          </Text>
        </div>
        {product.description !== "" && <Text size="sm">{product.description}</Text>}
        {product.freeDomainTlds.length > 0 && (
          // Text, not a badge: a badge does not wrap, and this can be long.
          <Text size="sm" fw={700} c="teal.9">
            {t("order.plan.freeDomain", {
              tlds: product.freeDomainTlds.map((tld) => `.${tld}`).join(", "),
            })}
          </Text>
        )}
        {prices.length === 0 ? (
          <Text size="sm">{t("order.plan.noPrice")}</Text>
        ) : (
          <>
            <NativeSelect
              label={t("order.plan.cycle")}
              value={cycle}
              onChange={(event) => {
                setCycle(event.currentTarget.value as CatalogPrice["cycle"]);
              }}
              data={prices.map((option) => {
                const saving = discountPercent(option, monthly);
                const amount = format.money({ amount: option.amount, currency: option.currency });
                return {
                  value: option.cycle,
                  label:
                    saving === null
                      ? `${t(`services.cycle.${option.cycle}`)}: ${amount}`
                      : `${t(`services.cycle.${option.cycle}`)}: ${amount} (${t("order.discount", { percent: saving })})`,
                };
              })}
            />
            {price && (
              <div>
                <Group gap="xs" align="baseline">
                  <Text fz="xl" fw={700}>
                    {format.money({ amount: price.amount, currency: price.currency })}
                  </Text>
                  <Text size="sm">{t(`order.per.${price.cycle}`)}</Text>
                  {discount !== null && (
                    <StatusBadge tone="success">
                      {t("order.discount", { percent: discount })}
                    </StatusBadge>
                  )}
                </Group>
                <Text size="sm">
                  {isZero(price.setupFee)
                    ? t("order.plan.noSetupFee")
                    : t("order.plan.setupFee", {
                        amount: format.money({ amount: price.setupFee, currency: price.currency }),
                      })}
                </Text>
                <Text size="xs" c="dimmed">
                  {t("order.netPrices")}
                </Text>
              </div>
            )}
            <Button
              mt="auto"
              onClick={() => {
                onChoose(product, cycle);
              }}
            >
              {t("order.plan.choose", { name: product.name })}
            </Button>
          </>
        )}
      </Stack>
    </Paper>
  );
}

function DomainOnlyCard({
  domains,
  onDomainOnly,
}: {
  domains: readonly CatalogProduct[];
  onDomainOnly: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const headingId = useId();
  return (
    <Paper component="section" withBorder p="md" aria-labelledby={headingId}>
      <Stack gap="sm" h="100%">
        <Title order={3} size="h4" id={headingId}>
          {t("order.plan.domainOnly")}
        </Title>
        <Text size="sm">{t("order.plan.domainOnlyIntro")}</Text>
        <List size="sm">
          {domains.map((product) => {
            const price = domainPrice(product, "register");
            return (
              <List.Item key={product.id}>
                {price
                  ? t("order.plan.tldPrice", {
                      tld: `.${product.tld ?? ""}`,
                      amount: format.money({ amount: price.amount, currency: price.currency }),
                    })
                  : `.${product.tld ?? ""}`}
              </List.Item>
            );
          })}
        </List>
        <Button mt="auto" variant="default" onClick={onDomainOnly}>
          {t("order.plan.searchDomain")}
        </Button>
      </Stack>
    </Paper>
  );
}

/** Step 1: the plans as cards, each with its cycles and prices (annual discount shown). */
export function PlanStep({ catalog, chosen, onChoose, onDomainOnly }: PlanStepProps) {
  const { t } = useTranslation();
  const plans = catalog
    .filter((product) => product.kind !== "domain")
    .sort(
      (a, b) =>
        KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
        compareDecimals(cheapest(a), cheapest(b)),
    );
  const domains = catalog.filter((product) => product.kind === "domain" && product.tld !== null);
  if (plans.length === 0 && domains.length === 0) return <Text>{t("order.plan.empty")}</Text>;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
      {plans.map((product) => (
        <PlanCard
          key={product.id}
          product={product}
          chosenCycle={chosen?.productId === product.id ? chosen.cycle : null}
          onChoose={onChoose}
        />
      ))}
      {domains.length > 0 && <DomainOnlyCard domains={domains} onDomainOnly={onDomainOnly} />}
    </SimpleGrid>
  );
}
