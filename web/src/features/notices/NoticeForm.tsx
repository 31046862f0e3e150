import {
  Button,
  Checkbox,
  Fieldset,
  NativeSelect,
  ScrollArea,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from "@mantine/core";
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert, fieldErrorsOf } from "../../components/ErrorAlert";
import { fromLocalInput, toLocalInput } from "./labels";
import {
  NOTICE_KINDS,
  NOTICE_SEVERITIES,
  type NoticeInput,
  type NoticeKind,
  type NoticeSeverity,
  type NoticeTargets,
  type StaffNoticeDetail,
} from "./types";

interface FormState {
  kind: NoticeKind;
  severity: NoticeSeverity;
  titleHu: string;
  titleEn: string;
  bodyHu: string;
  bodyEn: string;
  startsAt: string;
  endsAt: string;
  productIds: string[];
  servers: string[];
}

function initialState(notice: StaffNoticeDetail | null): FormState {
  if (notice === null) {
    return {
      kind: "maintenance",
      severity: "info",
      titleHu: "",
      titleEn: "",
      bodyHu: "",
      bodyEn: "",
      startsAt: "",
      endsAt: "",
      productIds: [],
      servers: [],
    };
  }
  return {
    kind: notice.kind,
    severity: notice.severity,
    titleHu: notice.titleHu,
    titleEn: notice.titleEn,
    bodyHu: notice.bodyHu,
    bodyEn: notice.bodyEn,
    startsAt: toLocalInput(notice.startsAt),
    endsAt: toLocalInput(notice.endsAt),
    productIds: notice.target.productIds,
    servers: notice.target.servers,
  };
}

type Errors = Partial<Record<"title" | "startsAt" | "endsAt" | "target", string>>;

const TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * Writes or edits a notice: kind and severity, the text in both languages, the window and the
 * target (products, servers). For a published notice, staff choose whether the customers
 * notified before get an update e-mail.
 */
export function NoticeForm({
  notice,
  targets,
  submitLabel,
  pending,
  error,
  onSubmit,
}: {
  notice: StaffNoticeDetail | null;
  targets: NoticeTargets;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (body: NoticeInput, sendUpdate: boolean) => void;
}) {
  const { t } = useTranslation();
  const [form, setForm] = useState(() => initialState(notice));
  const [sendUpdate, setSendUpdate] = useState(false);
  const [errors, setErrors] = useState<Errors>({});
  const server = fieldErrorsOf(error);
  const published = notice?.status === "published";
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
  };

  // Targets the notice has that the lists no longer offer stay visible (and removable).
  const productOptions = [
    ...targets.products.map((p) => ({
      value: p.id,
      label: t("notices.form.productOption", { name: p.name, code: p.code, count: p.services }),
    })),
    ...form.productIds
      .filter((id) => !targets.products.some((p) => p.id === id))
      .map((id) => ({ value: id, label: id })),
  ];
  const serverOptions = [
    ...targets.servers.map((s) => ({
      value: s.name,
      label: t("notices.form.serverOption", { name: s.name, count: s.services }),
    })),
    ...form.servers
      .filter((name) => !targets.servers.some((s) => s.name === name))
      .map((name) => ({ value: name, label: name })),
  ];

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const startsAt = fromLocalInput(form.startsAt);
    const endsAt = fromLocalInput(form.endsAt);
    const found: Errors = {};
    if (form.titleHu.trim() === "" && form.titleEn.trim() === "")
      found.title = t("notices.form.titleRequired");
    if (startsAt === null) found.startsAt = t("validation.required");
    if (form.endsAt !== "" && endsAt === null) found.endsAt = t("notices.form.invalidTime");
    else if (startsAt !== null && endsAt !== null && endsAt <= startsAt)
      found.endsAt = t("notices.form.endBeforeStart");
    if (form.productIds.length === 0 && form.servers.length === 0)
      found.target = t("notices.form.targetRequired");
    setErrors(found);
    if (Object.keys(found).length > 0 || startsAt === null) return;
    onSubmit(
      {
        kind: form.kind,
        severity: form.severity,
        titleHu: form.titleHu,
        titleEn: form.titleEn,
        bodyHu: form.bodyHu,
        bodyEn: form.bodyEn,
        startsAt,
        endsAt,
        target: { productIds: form.productIds, servers: form.servers },
      },
      published && sendUpdate,
    );
  };

  const targetError =
    errors.target ??
    server.target ??
    Object.entries(server).find(([path]) => path.startsWith("target."))?.[1];

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <NativeSelect
            label={t("notices.form.kind")}
            value={form.kind}
            onChange={(event) => {
              const value = NOTICE_KINDS.find((k) => k === event.currentTarget.value);
              if (value) set("kind", value);
            }}
            data={NOTICE_KINDS.map((k) => ({ value: k, label: t(`notices.kind.${k}`) }))}
          />
          <NativeSelect
            label={t("notices.form.severity")}
            value={form.severity}
            onChange={(event) => {
              const value = NOTICE_SEVERITIES.find((s) => s === event.currentTarget.value);
              if (value) set("severity", value);
            }}
            data={NOTICE_SEVERITIES.map((s) => ({ value: s, label: t(`notices.severity.${s}`) }))}
          />
        </SimpleGrid>
        <Text size="sm" c="dimmed">
          {t("notices.form.languageHint")}
        </Text>
        {errors.title !== undefined && (
          <Text size="sm" c="red.9" role="alert">
            {errors.title}
          </Text>
        )}
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
          {(["hu", "en"] as const).map((lang) => {
            const titleKey = lang === "hu" ? "titleHu" : "titleEn";
            const bodyKey = lang === "hu" ? "bodyHu" : "bodyEn";
            return (
              <Fieldset key={lang} legend={t(`language.${lang}`)} lang={lang}>
                <Stack gap="sm">
                  <TextInput
                    label={t("notices.form.titleField")}
                    maxLength={200}
                    value={form[titleKey]}
                    error={server[titleKey] ?? (errors.title !== undefined ? true : undefined)}
                    onChange={(event) => {
                      set(titleKey, event.currentTarget.value);
                    }}
                  />
                  <Textarea
                    label={t("notices.form.bodyField")}
                    autosize
                    minRows={3}
                    maxLength={10_000}
                    value={form[bodyKey]}
                    error={server[bodyKey]}
                    onChange={(event) => {
                      set(bodyKey, event.currentTarget.value);
                    }}
                  />
                </Stack>
              </Fieldset>
            );
          })}
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput
            type="datetime-local"
            label={t("notices.form.startsAt")}
            description={t("notices.form.timeZoneHint", { zone: TIME_ZONE })}
            required
            value={form.startsAt}
            error={errors.startsAt ?? server.startsAt}
            onChange={(event) => {
              set("startsAt", event.currentTarget.value);
            }}
          />
          <TextInput
            type="datetime-local"
            label={t("notices.form.endsAt")}
            description={t("notices.form.endsAtHint")}
            value={form.endsAt}
            error={errors.endsAt ?? server.endsAt}
            onChange={(event) => {
              set("endsAt", event.currentTarget.value);
            }}
          />
        </SimpleGrid>
        <Fieldset legend={t("notices.form.targetLegend")}>
          <Stack gap="md">
            <Checkbox.Group
              label={t("notices.form.products")}
              description={t("notices.form.productsHint")}
              value={form.productIds}
              onChange={(value) => {
                set("productIds", value);
              }}
            >
              {productOptions.length === 0 ? (
                <Text size="sm" mt="xs">
                  {t("notices.form.noProducts")}
                </Text>
              ) : (
                <ScrollArea.Autosize mah={260} type="auto" mt="xs">
                  <Stack gap={6}>
                    {productOptions.map((o) => (
                      <Checkbox key={o.value} value={o.value} label={o.label} />
                    ))}
                  </Stack>
                </ScrollArea.Autosize>
              )}
            </Checkbox.Group>
            <Checkbox.Group
              label={t("notices.form.servers")}
              description={t("notices.form.serversHint")}
              value={form.servers}
              onChange={(value) => {
                set("servers", value);
              }}
            >
              {serverOptions.length === 0 ? (
                <Text size="sm" mt="xs">
                  {t("notices.form.noServers")}
                </Text>
              ) : (
                <Stack gap={6} mt="xs">
                  {serverOptions.map((o) => (
                    <Checkbox key={o.value} value={o.value} label={o.label} />
                  ))}
                </Stack>
              )}
            </Checkbox.Group>
            {targetError !== undefined && (
              <Text size="sm" c="red.9" role="alert">
                {targetError}
              </Text>
            )}
          </Stack>
        </Fieldset>
        {published && (
          <Checkbox
            label={t("notices.form.sendUpdate")}
            description={t("notices.form.sendUpdateHint")}
            checked={sendUpdate}
            onChange={(event) => {
              setSendUpdate(event.currentTarget.checked);
            }}
          />
        )}
        {error !== null && error !== undefined && <ErrorAlert error={error} withServerMessage />}
        <div>
          <Button type="submit" loading={pending}>
            {submitLabel}
          </Button>
        </div>
      </Stack>
    </form>
  );
}
