import { Button, Group, Modal, Stack, Text, Textarea } from "@mantine/core";
import { useState, type ReactNode, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useIsPhone } from "../../components/useIsPhone";

interface ReasonDialogProps {
  opened: boolean;
  title: string;
  intro?: ReactNode;
  /** The label of the required text field ("Reason", "What was done"); none without it. */
  label?: string;
  submitLabel: string;
  danger?: boolean;
  /** Fields above the reason (a date, a price). */
  children?: ReactNode;
  pending: boolean;
  error: unknown;
  /** Return false when the fields above are not valid (they show their own errors). */
  onSubmit: (text: string) => boolean | void;
  onClose: () => void;
}

/** A dialog that asks why (or what was done) before a staff action, which is audited with it. */
export function ReasonDialog({
  opened,
  title,
  intro,
  label,
  submitLabel,
  danger = false,
  children,
  pending,
  error,
  onSubmit,
  onClose,
}: ReasonDialogProps) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const [text, setText] = useState("");
  const [missing, setMissing] = useState(false);

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmed = text.trim();
    const isMissing = label !== undefined && trimmed === "";
    setMissing(isMissing);
    if (isMissing) return;
    onSubmit(trimmed);
  };

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={title}
      fullScreen={isPhone}
      closeButtonProps={{ "aria-label": t("common.close") }}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          {typeof intro === "string" ? <Text>{intro}</Text> : intro}
          {children}
          {label !== undefined && (
            <Textarea
              label={label}
              required
              autosize
              minRows={2}
              maxLength={1000}
              value={text}
              error={missing ? t("validation.required") : undefined}
              onChange={(event) => {
                setText(event.currentTarget.value);
              }}
            />
          )}
          {error !== null && error !== undefined && <ErrorAlert error={error} withServerMessage />}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t("common.back")}
            </Button>
            <Button type="submit" color={danger ? "red.9" : undefined} loading={pending}>
              {submitLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
