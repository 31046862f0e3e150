import { Button, Group, Modal, Stack, Text, Textarea } from "@mantine/core";
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import type { Money } from "../../api/types";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useIsPhone } from "../../components/useIsPhone";
import { useFormat } from "../../i18n/format";
import { useWriteOff } from "./api";

interface WriteOffDialogProps {
  id: string;
  number: string;
  due: Money;
  opened: boolean;
  onClose: () => void;
  onWrittenOff: (amount: Money) => void;
}

/** Writes off what is still open on an invoice (bad debt), with the reason. */
export function WriteOffDialog({
  id,
  number,
  due,
  opened,
  onClose,
  onWrittenOff,
}: WriteOffDialogProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const isPhone = useIsPhone();
  const writeOff = useWriteOff(id);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | undefined>();

  const close = () => {
    writeOff.reset();
    onClose();
  };

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const text = reason.trim();
    if (text.length < 3) {
      setError(t("payments.writeOff.reasonTooShort"));
      return;
    }
    setError(undefined);
    // mutateAsync: once written off the invoice is settled and this dialog leaves the page,
    // before mutate's callbacks would run. A failure is shown from the mutation's state.
    void writeOff.mutateAsync(text).then(
      ({ writtenOff }) => {
        setReason("");
        onWrittenOff(writtenOff);
      },
      () => undefined,
    );
  };

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t("payments.writeOff.title", { number })}
      fullScreen={isPhone}
      closeButtonProps={{ "aria-label": t("common.close") }}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text>{t("payments.writeOff.intro", { amount: format.money(due) })}</Text>
          <Textarea
            label={t("payments.writeOff.reason")}
            required
            autosize
            minRows={2}
            maxLength={500}
            value={reason}
            error={error}
            onChange={(event) => {
              setReason(event.currentTarget.value);
            }}
          />
          {writeOff.isError && <ErrorAlert error={writeOff.error} withServerMessage />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t("common.back")}
            </Button>
            <Button type="submit" color="red.9" loading={writeOff.isPending}>
              {t("payments.writeOff.submit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
