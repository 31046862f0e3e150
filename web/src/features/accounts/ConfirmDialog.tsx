import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useIsPhone } from "../../components/useIsPhone";

/**
 * Asks before something that cannot simply be undone (removing a contact, ending an access),
 * and shows the server's refusal in the dialog. The caller closes it when the action succeeds.
 */
export function ConfirmDialog({
  title,
  text,
  confirm,
  pending,
  error,
  onConfirm,
  onClose,
}: {
  title: string;
  text: string;
  confirm: string;
  pending: boolean;
  /** The failed attempt's error, if any. */
  error: unknown;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const close = onClose;
  return (
    <Modal
      opened
      onClose={close}
      title={title}
      fullScreen={isPhone}
      closeButtonProps={{ "aria-label": t("common.close") }}
    >
      <Stack>
        <Text>{text}</Text>
        {error !== null && error !== undefined && <ErrorAlert error={error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t("common.back")}
          </Button>
          <Button color="red.9" loading={pending} onClick={onConfirm}>
            {confirm}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
