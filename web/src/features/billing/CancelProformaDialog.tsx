import { Button, Group, Modal, Stack, Text, Textarea } from "@mantine/core";
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useIsPhone } from "../../components/useIsPhone";
import { useCancelProforma } from "./api";

interface CancelProformaDialogProps {
  id: string;
  number: string;
  opened: boolean;
  onClose: () => void;
  onCancelled: () => void;
}

/** Cancels an open proforma, with the reason (a proforma is not a tax document: no storno). */
export function CancelProformaDialog({
  id,
  number,
  opened,
  onClose,
  onCancelled,
}: CancelProformaDialogProps) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const cancel = useCancelProforma(id);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | undefined>();

  const close = () => {
    cancel.reset();
    onClose();
  };

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (reason.trim() === "") {
      setError(t("validation.required"));
      return;
    }
    setError(undefined);
    cancel.mutate(reason.trim(), {
      onSuccess: () => {
        setReason("");
        onCancelled();
      },
    });
  };

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t("billing.cancelProforma.title", { number })}
      fullScreen={isPhone}
      closeButtonProps={{ "aria-label": t("common.close") }}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <Text>{t("billing.cancelProforma.intro")}</Text>
          <Textarea
            label={t("billing.cancelProforma.reason")}
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
          {cancel.isError && <ErrorAlert error={cancel.error} withServerMessage />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t("common.back")}
            </Button>
            <Button type="submit" color="red.9" loading={cancel.isPending}>
              {t("billing.cancelProforma.submit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
