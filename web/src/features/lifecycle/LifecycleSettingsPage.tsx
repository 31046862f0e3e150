import { Alert, Button, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert, fieldErrorsOf } from "../../components/ErrorAlert";
import { PageTitle } from "../../components/PageTitle";
import { QueryContent } from "../../components/QueryContent";
import { useLifecycleSettings, useSaveLifecycleSettings, type LifecycleSettings } from "./api";
import { parseDays, wholeNumber } from "./days";

type Field = keyof LifecycleSettings;

interface Draft {
  renewalLeadDays: string;
  reminderDays: string;
  suspendAfterDays: string;
  terminateAfterDays: string;
  cancelUnpaidOrdersAfterDays: string;
}

const LIMITS = {
  renewalLeadDays: [0, 180],
  reminderDays: [1, 365],
  suspendAfterDays: [0, 365],
  terminateAfterDays: [1, 730],
  cancelUnpaidOrdersAfterDays: [1, 365],
} as const satisfies Record<Field, readonly [number, number]>;
const MAX_REMINDERS = 10;

function draftOf(settings: LifecycleSettings): Draft {
  return {
    renewalLeadDays: String(settings.renewalLeadDays),
    reminderDays: settings.reminderDays.join(", "),
    suspendAfterDays: String(settings.suspendAfterDays),
    terminateAfterDays: String(settings.terminateAfterDays),
    cancelUnpaidOrdersAfterDays: String(settings.cancelUnpaidOrdersAfterDays),
  };
}

function SettingsForm({ settings }: { settings: LifecycleSettings }) {
  const { t } = useTranslation();
  const save = useSaveLifecycleSettings();
  const [draft, setDraft] = useState<Draft>(() => draftOf(settings));
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [saved, setSaved] = useState(false);
  const serverErrors = fieldErrorsOf(save.error) as Partial<Record<Field, string>>;

  const field = (name: Field) => ({
    value: draft[name],
    error: errors[name] ?? serverErrors[name],
    onChange: (event: { currentTarget: { value: string } }) => {
      const value = event.currentTarget.value;
      setDraft((previous) => ({ ...previous, [name]: value }));
      setSaved(false);
    },
  });

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const range = (name: Field) =>
      t("lifecycle.settings.range", { min: LIMITS[name][0], max: LIMITS[name][1] });
    const renewalLeadDays = wholeNumber(draft.renewalLeadDays, LIMITS.renewalLeadDays);
    const reminderDays = parseDays(draft.reminderDays, LIMITS.reminderDays);
    const suspendAfterDays = wholeNumber(draft.suspendAfterDays, LIMITS.suspendAfterDays);
    const terminateAfterDays = wholeNumber(draft.terminateAfterDays, LIMITS.terminateAfterDays);
    const cancelUnpaidOrdersAfterDays = wholeNumber(
      draft.cancelUnpaidOrdersAfterDays,
      LIMITS.cancelUnpaidOrdersAfterDays,
    );
    const found: Partial<Record<Field, string>> = {};
    if (renewalLeadDays === null) found.renewalLeadDays = range("renewalLeadDays");
    if (reminderDays === null) found.reminderDays = range("reminderDays");
    else if (reminderDays.length > MAX_REMINDERS)
      found.reminderDays = t("lifecycle.settings.tooManyReminders", { max: MAX_REMINDERS });
    if (suspendAfterDays === null) found.suspendAfterDays = range("suspendAfterDays");
    if (terminateAfterDays === null) found.terminateAfterDays = range("terminateAfterDays");
    else if (suspendAfterDays !== null && terminateAfterDays <= suspendAfterDays)
      found.terminateAfterDays = t("lifecycle.settings.terminateAfterSuspend");
    if (cancelUnpaidOrdersAfterDays === null)
      found.cancelUnpaidOrdersAfterDays = range("cancelUnpaidOrdersAfterDays");
    setErrors(found);
    setSaved(false);
    if (
      Object.keys(found).length > 0 ||
      renewalLeadDays === null ||
      reminderDays === null ||
      suspendAfterDays === null ||
      terminateAfterDays === null ||
      cancelUnpaidOrdersAfterDays === null
    )
      return;
    save.mutate(
      {
        renewalLeadDays,
        reminderDays,
        suspendAfterDays,
        terminateAfterDays,
        cancelUnpaidOrdersAfterDays,
      },
      {
        onSuccess: (next) => {
          setDraft(draftOf(next));
          setSaved(true);
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack maw={720}>
        <Text>{t("lifecycle.settings.intro")}</Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <TextInput
            label={t("lifecycle.settings.renewalLeadDays")}
            description={t("lifecycle.settings.renewalLeadDaysHint")}
            inputMode="numeric"
            required
            {...field("renewalLeadDays")}
          />
          <TextInput
            label={t("lifecycle.settings.reminderDays")}
            description={t("lifecycle.settings.reminderDaysHint")}
            required
            {...field("reminderDays")}
          />
          <TextInput
            label={t("lifecycle.settings.suspendAfterDays")}
            description={t("lifecycle.settings.suspendAfterDaysHint")}
            inputMode="numeric"
            required
            {...field("suspendAfterDays")}
          />
          <TextInput
            label={t("lifecycle.settings.terminateAfterDays")}
            description={t("lifecycle.settings.terminateAfterDaysHint")}
            inputMode="numeric"
            required
            {...field("terminateAfterDays")}
          />
          <TextInput
            label={t("lifecycle.settings.cancelUnpaidOrdersAfterDays")}
            description={t("lifecycle.settings.cancelUnpaidOrdersAfterDaysHint")}
            inputMode="numeric"
            required
            {...field("cancelUnpaidOrdersAfterDays")}
          />
        </SimpleGrid>
        {save.isError && <ErrorAlert error={save.error} withServerMessage />}
        {saved && (
          <Alert color="teal" role="status">
            {t("lifecycle.settings.saved")}
          </Alert>
        )}
        <div>
          <Button type="submit" loading={save.isPending}>
            {t("lifecycle.settings.save")}
          </Button>
        </div>
      </Stack>
    </form>
  );
}

/** /staff/settings/lifecycle: renewal lead days, reminders, suspension and termination. */
export function LifecycleSettingsPage() {
  const { t } = useTranslation();
  const settings = useLifecycleSettings();
  return (
    <>
      <PageTitle>{t("lifecycle.settings.title")}</PageTitle>
      <QueryContent query={settings}>{(data) => <SettingsForm settings={data} />}</QueryContent>
    </>
  );
}
