import { Button, Group, List, Paper, Radio, Stack, Text, TextInput } from "@mantine/core";
import type { ParseKeys } from "i18next";
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/ErrorAlert";
import { Loading } from "../../components/Loading";
import { StatusBadge, type Tone } from "../../components/StatusBadge";
import { useFormat } from "../../i18n/format";
import { useDomainAvailability } from "./api";
import { domainPrice, domainProductFor, isFreeWith, isYearly, type DomainChoice } from "./cart";
import type { CatalogPrice, CatalogProduct, DomainAction } from "./types";

interface DomainStepProps {
  catalog: readonly CatalogProduct[];
  /** The plan the domain is for; null when ordering a domain alone. */
  plan: CatalogProduct | null;
  /** The plan's billing cycle (yearly plans include their free domain). */
  cycle: CatalogPrice["cycle"];
  chosen: DomainChoice | null;
  onBack: () => void;
  onChoose: (domain: DomainChoice) => void;
}

type Availability = NonNullable<ReturnType<typeof useDomainAvailability>["data"]>;
type Result = Availability["results"][number];

const STATUS_TONES: Record<Result["status"], Tone> = {
  available: "success",
  registered: "neutral",
  reserved: "danger",
  unknown: "warning",
};

/** Can the result be taken for what the customer wants to do with the name? */
function usable(result: Result, action: DomainAction): boolean {
  switch (action) {
    case "register":
      return result.status === "available";
    case "transfer":
      return result.status === "registered";
    case "existing":
      return result.status === "registered" || result.status === "unknown";
  }
}

function ResultItem({
  result,
  action,
  plan,
  cycle,
  catalog,
  authCode,
  onChoose,
}: {
  result: Result;
  action: DomainAction;
  plan: CatalogProduct | null;
  cycle: CatalogPrice["cycle"];
  catalog: readonly CatalogProduct[];
  authCode: string;
  onChoose: DomainStepProps["onChoose"];
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const product = domainProductFor(result.name, catalog);
  const free = isFreeWith(plan, cycle, product?.tld ?? null, action);
  const price = product && action !== "existing" ? domainPrice(product, action) : undefined;
  // A name to register or transfer needs the domain product of its ending.
  const notSold = action !== "existing" && product === undefined;
  const canUse = usable(result, action) && !notSold;
  const hint = notSold
    ? t("order.domain.hintNotSold")
    : !canUse && action === "register" && result.status === "registered"
      ? t("order.domain.hintRegistered")
      : !canUse && action !== "register" && result.status === "available"
        ? t("order.domain.hintAvailable")
        : null;

  return (
    <Paper component="li" withBorder p="sm">
      <Group justify="space-between" align="flex-start" gap="sm">
        <Stack gap={4}>
          <Text fw={700} translate="no" style={{ overflowWrap: "anywhere" }}>
            {result.unicode}
          </Text>
          <Group gap="xs">
            <StatusBadge tone={STATUS_TONES[result.status]}>
              {t(`order.domain.status.${result.status}`)}
            </StatusBadge>
            {free && canUse && plan !== null && (
              <StatusBadge tone="info">
                {t("order.domain.freeWith", { plan: plan.name })}
              </StatusBadge>
            )}
          </Group>
          {price && canUse && !free && (
            <Text size="sm">
              {t("order.domain.firstYear", {
                amount: format.money({ amount: price.amount, currency: price.currency }),
              })}
            </Text>
          )}
          {result.premium && <Text size="sm">{t("order.domain.premium")}</Text>}
          {result.expiresAt !== null && (
            <Text size="sm">
              {t("order.domain.expires", { date: format.date(result.expiresAt.slice(0, 10)) })}
            </Text>
          )}
          {hint !== null && <Text size="sm">{hint}</Text>}
        </Stack>
        {canUse && (
          <Button
            onClick={() => {
              onChoose({
                name: result.name,
                unicode: result.unicode,
                action,
                ...(action === "transfer" && authCode.trim() !== ""
                  ? { authCode: authCode.trim() }
                  : {}),
              });
            }}
          >
            {t(`order.domain.choose.${action}`, { name: result.unicode })}
          </Button>
        )}
      </Group>
    </Paper>
  );
}

function Refusals({ refused }: { refused: Availability["refused"] }) {
  const { t, i18n } = useTranslation();
  if (refused.length === 0) return null;
  return (
    <div>
      <Text size="sm" fw={700}>
        {t("order.domain.refused")}
      </Text>
      <List size="sm">
        {refused.map((item) => {
          const key = `errors.${item.code}`;
          return (
            <List.Item key={item.name}>
              <span translate="no">{item.name}</span>
              {": "}
              {i18n.exists(key) ? t(key as ParseKeys) : item.message}
            </List.Item>
          );
        })}
      </List>
    </div>
  );
}

/** Step 2: find a free name (or name the one to transfer or use), with clear refusals. */
export function DomainStep({ catalog, plan, cycle, chosen, onBack, onChoose }: DomainStepProps) {
  const { t } = useTranslation();
  const [action, setAction] = useState<DomainAction>(chosen?.action ?? "register");
  const [input, setInput] = useState(chosen?.unicode ?? "");
  const [authCode, setAuthCode] = useState(chosen?.authCode ?? "");
  const [query, setQuery] = useState("");
  const [error, setError] = useState<string | undefined>();
  const availability = useDomainAvailability(query);

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const name = input.trim();
    if (name === "") {
      setError(t("validation.required"));
      return;
    }
    setError(undefined);
    setQuery(name);
  };

  const actions: DomainAction[] =
    plan === null ? ["register", "transfer"] : ["register", "transfer", "existing"];

  return (
    <Stack>
      <Radio.Group
        label={t("order.domain.action")}
        value={action}
        onChange={(value) => {
          setAction(value);
        }}
      >
        <Stack gap="xs" mt="xs">
          {actions.map((value) => (
            <Radio
              key={value}
              value={value}
              label={t(`order.domain.actions.${value}`)}
              description={
                value === "register" && plan !== null && plan.freeDomainTlds.length > 0
                  ? t(isYearly(cycle) ? "order.domain.freeHint" : "order.domain.freeHintYearly", {
                      plan: plan.name,
                      tlds: plan.freeDomainTlds.map((tld) => `.${tld}`).join(", "),
                    })
                  : undefined
              }
            />
          ))}
        </Stack>
      </Radio.Group>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Group align="flex-start" gap="sm" wrap="wrap">
            <TextInput
              label={t("order.domain.name")}
              description={t("order.domain.nameHint")}
              required
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              value={input}
              error={error}
              onChange={(event) => {
                setInput(event.currentTarget.value);
              }}
              style={{ flex: "1 1 16rem" }}
            />
          </Group>
          {action === "transfer" && (
            <TextInput
              label={t("order.domain.authCode")}
              description={t("order.domain.authCodeHint")}
              autoComplete="off"
              value={authCode}
              onChange={(event) => {
                setAuthCode(event.currentTarget.value);
              }}
            />
          )}
          <Group>
            <Button type="submit" loading={availability.isFetching}>
              {t("order.domain.check")}
            </Button>
          </Group>
        </Stack>
      </form>
      {query !== "" &&
        (availability.isPending ? (
          <Loading />
        ) : availability.isError ? (
          <ErrorAlert error={availability.error} />
        ) : (
          <Stack gap="sm">
            <Text role="status" size="sm">
              {availability.data.results.length === 0
                ? t("order.domain.noResults", { query: availability.data.query })
                : t("order.domain.resultsFor", { query: availability.data.query })}
            </Text>
            {availability.data.results.length > 0 && (
              <Stack
                component="ul"
                gap="xs"
                p={0}
                m={0}
                style={{ listStyle: "none" }}
                aria-label={t("order.domain.results")}
              >
                {availability.data.results.map((result) => (
                  <ResultItem
                    key={result.name}
                    result={result}
                    action={action}
                    plan={plan}
                    cycle={cycle}
                    catalog={catalog}
                    authCode={authCode}
                    onChoose={onChoose}
                  />
                ))}
              </Stack>
            )}
            <Refusals refused={availability.data.refused} />
          </Stack>
        ))}
      <Group>
        <Button variant="default" onClick={onBack}>
          {t("order.back")}
        </Button>
      </Group>
    </Stack>
  );
}
