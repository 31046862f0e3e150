import { Alert, Button, Group, List, Modal, Stack, Text, Textarea } from "@mantine/core";
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useIsPhone } from "../../components/useIsPhone";
import { useFormat } from "../../i18n/format";
import type { MyService } from "../order/types";
import { useCancelService } from "./api";
import { serviceName } from "./serviceText";

interface CancelServiceDialogProps {
  service: MyService;
  opened: boolean;
  onClose: () => void;
}

/**
 * Cancels a service (the request counts as written notice), with the notice rule explained
 * first and the date the service stops shown after.
 */
export function CancelServiceDialog({ service, opened, onClose }: CancelServiceDialogProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const isPhone = useIsPhone();
  const cancel = useCancelService(service.id);
  const [reason, setReason] = useState("");

  const close = () => {
    cancel.reset();
    setReason("");
    onClose();
  };

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmed = reason.trim();
    cancel.mutate(trimmed === "" ? null : trimmed);
  };

  const result = cancel.data;
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t("services.cancel.title", { name: serviceName(service) })}
      fullScreen={isPhone}
      closeButtonProps={{ "aria-label": t("common.close") }}
    >
      {result ? (
        <Stack>
          <Alert color="teal" role="status">
            <Text fw={700} size="sm">
              {t("services.cancel.done", { date: format.date(result.effectiveDate) })}
            </Text>
            <Text size="sm">{t("services.cancel.doneHint")}</Text>
            {result.documents.length > 0 && (
              <>
                <Text size="sm" mt="xs">
                  {t("services.cancel.documents")}
                </Text>
                <List size="sm">
                  {result.documents.map((document) => (
                    <List.Item key={document.id}>
                      {t(`services.cancel.documentAction.${document.action}`, {
                        number: document.number,
                      })}
                    </List.Item>
                  ))}
                </List>
              </>
            )}
          </Alert>
          <Group justify="flex-end">
            <Button onClick={close}>{t("common.close")}</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text>{t("services.cancel.rule")}</Text>
            {service.nextDueDate !== null && (
              <Text>
                {t("services.cancel.periodEnds", { date: format.date(service.nextDueDate) })}
              </Text>
            )}
            <Text>{t("services.cancel.documentsRule")}</Text>
            <Textarea
              label={t("services.cancel.reason")}
              description={t("services.cancel.reasonHint")}
              autosize
              minRows={2}
              maxLength={1000}
              value={reason}
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
                {t("services.cancel.submit")}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
