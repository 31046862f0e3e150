import {
  Alert,
  Button,
  Checkbox,
  Fieldset,
  Group,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
} from "@mantine/core";
import type { TFunction } from "i18next";
import { useRef, useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate, useParams } from "react-router";
import { BackLink } from "../../components/BackLink";
import { ErrorAlert, fieldErrorsOf } from "../../components/ErrorAlert";
import { PageTitle } from "../../components/PageTitle";
import { QueryContent } from "../../components/QueryContent";
import { Section } from "../../components/Section";
import { normalizeDecimal } from "../billing/decimal";
import { parseDays } from "../lifecycle/days";
import type {
  CatalogPrice,
  ProductCurrency,
  ProductInput,
  ProductKind,
  StaffProduct,
} from "../order/types";
import { CYCLES } from "../order/money";
import { useSaveProduct, useStaffProducts } from "./api";
import { productPath } from "./CatalogPage";

const KINDS = [
  "hosting",
  "domain",
  "software",
  "ssl",
  "addon",
] as const satisfies readonly ProductKind[];
const PRICE_CYCLES = [...CYCLES, "one_time"] as const satisfies readonly CatalogPrice["cycle"][];
/** The provisioning modules the server has (provisioning/drivers); "" is none. */
const MODULES = ["", "demo_hosting", "manual"] as const;
/** The currencies documents are issued in. */
const CURRENCIES = ["HUF", "EUR"] as const satisfies readonly ProductCurrency[];

function isCurrency(value: string): value is ProductCurrency {
  return CURRENCIES.some((currency) => currency === value);
}

interface PriceDraft {
  key: number;
  cycle: CatalogPrice["cycle"];
  currency: string;
  amount: string;
  setupFee: string;
  registerAmount: string;
  transferAmount: string;
}

interface Draft {
  code: string;
  kind: ProductKind;
  name: string;
  description: string;
  active: boolean;
  tld: string;
  freeDomainTlds: string;
  renewalLeadDays: string;
  reminderDays: string;
  provisioningModule: string;
  prices: PriceDraft[];
}

type TextField = Exclude<keyof Draft, "kind" | "active" | "prices">;
type PriceField = Exclude<keyof PriceDraft, "key" | "cycle">;

function draftOf(product: StaffProduct | null, nextKey: () => number): Draft {
  return {
    code: product?.code ?? "",
    kind: product?.kind ?? "hosting",
    name: product?.name ?? "",
    description: product?.description ?? "",
    active: product?.active ?? true,
    tld: product?.tld ?? "",
    freeDomainTlds: product?.freeDomainTlds.join(", ") ?? "",
    renewalLeadDays: product?.renewalLeadDays?.toString() ?? "",
    reminderDays: product?.reminderDays?.join(", ") ?? "",
    provisioningModule: product?.provisioningModule ?? "",
    prices: (product?.prices ?? []).map((price) => ({
      key: nextKey(),
      cycle: price.cycle,
      currency: price.currency,
      amount: price.amount,
      setupFee: price.setupFee,
      registerAmount: price.registerAmount ?? "",
      transferAmount: price.transferAmount ?? "",
    })),
  };
}

function tldList(value: string): string[] {
  return [
    ...new Set(
      value
        .split(/[\s,;]+/)
        .map((tld) => tld.trim().toLowerCase().replace(/^\./, ""))
        .filter((tld) => tld !== ""),
    ),
  ];
}

function moduleLabel(t: TFunction, name: string): string {
  switch (name) {
    case "":
      return t("catalog.form.noModule");
    case "demo_hosting":
      return t("catalog.form.modules.demo_hosting");
    case "manual":
      return t("catalog.form.modules.manual");
    default:
      return name;
  }
}

type Errors = Partial<Record<string, string>>;

function PriceRow({
  index,
  price,
  kind,
  errors,
  onChange,
  onRemove,
}: {
  index: number;
  price: PriceDraft;
  kind: ProductKind;
  errors: Errors;
  onChange: (change: Partial<PriceDraft>) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const input = (name: PriceField, label: string, required = false) => (
    <TextInput
      label={label}
      required={required}
      inputMode={name === "currency" ? undefined : "decimal"}
      value={price[name]}
      error={errors[`prices.${index}.${name}`]}
      onChange={(event) => {
        onChange({ [name]: event.currentTarget.value });
      }}
    />
  );
  return (
    <Fieldset legend={t("catalog.form.priceLegend", { number: index + 1 })}>
      <SimpleGrid cols={{ base: 1, xs: 2, md: kind === "domain" ? 6 : 4 }} spacing="sm">
        <NativeSelect
          label={t("catalog.form.cycle")}
          value={price.cycle}
          error={errors[`prices.${index}.cycle`] ?? errors[`prices.${index}`]}
          onChange={(event) => {
            onChange({ cycle: event.currentTarget.value as CatalogPrice["cycle"] });
          }}
          data={PRICE_CYCLES.map((cycle) => ({
            value: cycle,
            label: t(`services.cycle.${cycle}`),
          }))}
        />
        <NativeSelect
          label={t("catalog.form.currency")}
          value={price.currency}
          error={errors[`prices.${index}.currency`]}
          onChange={(event) => {
            onChange({ currency: event.currentTarget.value });
          }}
          data={[...new Set([...CURRENCIES, price.currency])]}
        />
        {input(
          "amount",
          kind === "domain" ? t("catalog.form.renewalAmount") : t("catalog.form.amount"),
          true,
        )}
        {input("setupFee", t("catalog.form.setupFee"))}
        {kind === "domain" && input("registerAmount", t("catalog.form.registerAmount"))}
        {kind === "domain" && input("transferAmount", t("catalog.form.transferAmount"))}
      </SimpleGrid>
      <Group mt="sm">
        <Button variant="default" size="compact-sm" onClick={onRemove}>
          {t("catalog.form.removePrice", { number: index + 1 })}
        </Button>
      </Group>
    </Fieldset>
  );
}

function ProductForm({ product }: { product: StaffProduct | null }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const save = useSaveProduct(product?.id ?? null);
  const keys = useRef(0);
  const nextKey = () => ++keys.current;
  const [draft, setDraft] = useState<Draft>(() => draftOf(product, nextKey));
  const [errors, setErrors] = useState<Errors>({});
  // Just created: the new product's page says so (the create form navigated here).
  const location = useLocation();
  const [saved, setSaved] = useState(
    () => (location.state as { created?: boolean } | null)?.created === true,
  );
  const serverErrors: Errors = fieldErrorsOf(save.error);
  const allErrors: Errors = { ...serverErrors, ...errors };

  const text = (name: TextField) => ({
    value: draft[name],
    error: allErrors[name],
    onChange: (event: { currentTarget: { value: string } }) => {
      const value = event.currentTarget.value;
      setDraft((previous) => ({ ...previous, [name]: value }));
      setSaved(false);
    },
  });

  const changePrice = (key: number, change: Partial<PriceDraft>) => {
    setDraft((previous) => ({
      ...previous,
      prices: previous.prices.map((price) => (price.key === key ? { ...price, ...change } : price)),
    }));
    setSaved(false);
  };

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: Errors = {};
    const required = t("validation.required");
    if (draft.code.trim() === "") found.code = required;
    if (draft.name.trim() === "") found.name = required;
    if (draft.kind === "domain" && draft.tld.trim() === "") found.tld = required;
    const lead = draft.renewalLeadDays.trim();
    if (lead !== "" && !/^\d{1,3}$/.test(lead)) found.renewalLeadDays = t("catalog.form.days");
    const reminderDays =
      draft.reminderDays.trim() === "" ? null : parseDays(draft.reminderDays, [1, 365]);
    if (draft.reminderDays.trim() !== "" && reminderDays === null)
      found.reminderDays = t("catalog.form.days");
    const amount = (value: string, path: string, optional: boolean): string | null => {
      if (value.trim() === "") {
        if (!optional) found[path] = required;
        return null;
      }
      const normalized = normalizeDecimal(value, 2);
      if (normalized === null) found[path] = t("lifecycle.invalidAmount");
      return normalized;
    };
    const prices = draft.prices.map((price, index) => {
      const currency = price.currency.trim().toUpperCase();
      if (!isCurrency(currency))
        found[`prices.${index}.currency`] = t("catalog.form.currencyUnknown");
      return {
        cycle: price.cycle,
        currency: isCurrency(currency) ? currency : "HUF",
        amount: amount(price.amount, `prices.${index}.amount`, false) ?? "0",
        setupFee: amount(price.setupFee, `prices.${index}.setupFee`, true) ?? "0",
        registerAmount:
          draft.kind === "domain"
            ? amount(price.registerAmount, `prices.${index}.registerAmount`, true)
            : null,
        transferAmount:
          draft.kind === "domain"
            ? amount(price.transferAmount, `prices.${index}.transferAmount`, true)
            : null,
      };
    });
    setErrors(found);
    setSaved(false);
    if (Object.keys(found).length > 0) return;
    const body: ProductInput = {
      code: draft.code.trim(),
      kind: draft.kind,
      name: draft.name.trim(),
      description: draft.description.trim(),
      active: draft.active,
      tld: draft.kind === "domain" ? (tldList(draft.tld)[0] ?? null) : null,
      freeDomainTlds: draft.kind === "hosting" ? tldList(draft.freeDomainTlds) : [],
      renewalLeadDays: lead === "" ? null : Number(lead),
      reminderDays,
      provisioningModule: draft.provisioningModule === "" ? null : draft.provisioningModule,
      prices,
    };
    save.mutate(body, {
      onSuccess: (result) => {
        setSaved(true);
        if (product === null)
          void navigate(productPath(result.id), { replace: true, state: { created: true } });
      },
    });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Section title={t("catalog.form.product")} first>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput label={t("catalog.code")} required {...text("code")} />
            <NativeSelect
              label={t("catalog.kind")}
              value={draft.kind}
              error={allErrors.kind}
              onChange={(event) => {
                const kind = event.currentTarget.value as ProductKind;
                setDraft((previous) => ({ ...previous, kind }));
              }}
              data={KINDS.map((kind) => ({
                value: kind,
                label: t(`services.productKind.${kind}`),
              }))}
            />
            <TextInput label={t("catalog.name")} required {...text("name")} />
            <Checkbox
              mt={{ sm: "xl" }}
              label={t("catalog.form.active")}
              checked={draft.active}
              onChange={(event) => {
                const active = event.currentTarget.checked;
                setDraft((previous) => ({ ...previous, active }));
              }}
            />
          </SimpleGrid>
          <Textarea
            mt="md"
            label={t("catalog.form.description")}
            autosize
            minRows={2}
            {...text("description")}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" mt="md">
            {draft.kind === "domain" && (
              <TextInput
                label={t("catalog.form.tld")}
                description={t("catalog.form.tldHint")}
                required
                {...text("tld")}
              />
            )}
            {draft.kind === "hosting" && (
              <TextInput
                label={t("catalog.form.freeDomainTlds")}
                description={t("catalog.form.freeDomainTldsHint")}
                {...text("freeDomainTlds")}
              />
            )}
            <NativeSelect
              label={t("catalog.module")}
              description={t("catalog.form.moduleHint")}
              value={draft.provisioningModule}
              error={allErrors.provisioningModule}
              onChange={(event) => {
                const provisioningModule = event.currentTarget.value;
                setDraft((previous) => ({ ...previous, provisioningModule }));
              }}
              data={[...new Set<string>([...MODULES, draft.provisioningModule])].map((name) => ({
                value: name,
                label: moduleLabel(t, name),
              }))}
            />
          </SimpleGrid>
        </Section>
        <Section title={t("catalog.form.lifecycle")}>
          <Text size="sm" mb="sm">
            {t("catalog.form.lifecycleIntro")}
          </Text>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <TextInput
              label={t("lifecycle.settings.renewalLeadDays")}
              description={t("catalog.form.defaultHint")}
              inputMode="numeric"
              {...text("renewalLeadDays")}
            />
            <TextInput
              label={t("lifecycle.settings.reminderDays")}
              description={t("catalog.form.defaultHint")}
              {...text("reminderDays")}
            />
          </SimpleGrid>
        </Section>
        <Section title={t("catalog.prices")}>
          <Text size="sm" mb="sm">
            {t("catalog.form.pricesIntro")}
          </Text>
          <Stack gap="sm">
            {draft.prices.map((price, index) => (
              <PriceRow
                key={price.key}
                index={index}
                price={price}
                kind={draft.kind}
                errors={allErrors}
                onChange={(change) => {
                  changePrice(price.key, change);
                }}
                onRemove={() => {
                  setDraft((previous) => ({
                    ...previous,
                    prices: previous.prices.filter((other) => other.key !== price.key),
                  }));
                }}
              />
            ))}
          </Stack>
          {allErrors.prices !== undefined && (
            <Text c="red.9" size="sm" mt="xs">
              {allErrors.prices}
            </Text>
          )}
          <Group mt="sm">
            <Button
              variant="default"
              onClick={() => {
                setDraft((previous) => ({
                  ...previous,
                  prices: [
                    ...previous.prices,
                    {
                      key: nextKey(),
                      cycle: "monthly",
                      currency: previous.prices[0]?.currency ?? "HUF",
                      amount: "",
                      setupFee: "",
                      registerAmount: "",
                      transferAmount: "",
                    },
                  ],
                }));
              }}
            >
              {t("catalog.form.addPrice")}
            </Button>
          </Group>
        </Section>
        {save.isError && <ErrorAlert error={save.error} withServerMessage />}
        {saved && (
          <Alert color="teal" role="status">
            {t("catalog.form.saved")}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={save.isPending}>
            {product === null ? t("catalog.form.create") : t("catalog.form.save")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** /staff/catalog/new and /staff/catalog/:id: a product with its prices per cycle and currency. */
export function ProductFormPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const products = useStaffProducts();
  const isNew = id === undefined;
  const product = isNew ? null : products.data?.items.find((item) => item.id === id);

  return (
    <>
      <BackLink to="/staff/catalog">{t("catalog.back")}</BackLink>
      <PageTitle>
        {isNew ? t("catalog.newTitle") : product ? product.name : t("catalog.editTitle")}
      </PageTitle>
      {isNew ? (
        <ProductForm product={null} />
      ) : (
        <QueryContent query={products}>
          {() =>
            product ? (
              <ProductForm key={product.id} product={product} />
            ) : (
              <Alert color="red">{t("errors.not_found")}</Alert>
            )
          }
        </QueryContent>
      )}
    </>
  );
}
