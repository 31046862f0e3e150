import { Alert, Button, Checkbox, Group, Modal, Stack, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useIsPhone } from "../../components/useIsPhone";
import { useNoticeAction, type NoticeAction } from "./api";
import type { StaffNoticeDetail } from "./types";

/** Publish, resolve or cancel a notice, each after a confirmation. */
export function NoticeActions({ notice }: { notice: StaffNoticeDetail }) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const mutation = useNoticeAction(notice.id);
  const [asked, setAsked] = useState<NoticeAction | null>(null);
  const [sendEmail, setSendEmail] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  const open = (action: NoticeAction) => {
    mutation.reset();
    setSendEmail(false);
    setDone(null);
    setAsked(action);
  };
  const close = () => {
    setAsked(null);
  };
  const confirm = () => {
    if (asked === null) return;
    const action = asked;
    mutation.mutate(
      { action, sendEmail },
      {
        onSuccess: (result) => {
          setAsked(null);
          setDone(
            action === "publish"
              ? t("notices.actions.donePublish", {
                  customers: result.recipients.customers,
                  mailed: result.recipients.mailed,
                })
              : t(`notices.actions.done.${action}`),
          );
        },
      },
    );
  };

  if (notice.status === "resolved" || notice.status === "cancelled") {
    return <Text>{t("notices.detail.closedHint")}</Text>;
  }
  const published = notice.status === "published";

  return (
    <>
      {done !== null && (
        <Alert color="teal" mb="sm" role="status">
          {done}
        </Alert>
      )}
      <Text size="sm" mb="sm">
        {published ? t("notices.actions.publishedHint") : t("notices.actions.draftHint")}
      </Text>
      <Group>
        <Button
          variant={published ? "default" : "filled"}
          onClick={() => {
            open("publish");
          }}
        >
          {published ? t("notices.actions.publishAgain") : t("notices.actions.publish")}
        </Button>
        {published && (
          <Button
            color="teal.9"
            onClick={() => {
              open("resolve");
            }}
          >
            {t("notices.actions.resolve")}
          </Button>
        )}
        <Button
          variant="outline"
          color="red.9"
          onClick={() => {
            open("cancel");
          }}
        >
          {t("notices.actions.cancel")}
        </Button>
      </Group>
      <Modal
        opened={asked !== null}
        onClose={close}
        title={asked === null ? "" : t(`notices.actions.confirmTitle.${asked}`)}
        fullScreen={isPhone}
        closeButtonProps={{ "aria-label": t("common.close") }}
      >
        <Stack>
          <Text>
            {asked === "publish"
              ? t("notices.actions.confirmPublish", { customers: notice.reach.customers })
              : asked === null
                ? ""
                : t(`notices.actions.confirm.${asked}`)}
          </Text>
          {published && (asked === "resolve" || asked === "cancel") && (
            <Checkbox
              label={t("notices.actions.sendEmail")}
              description={t("notices.actions.sendEmailHint", {
                customers: notice.recipients.mailed,
              })}
              checked={sendEmail}
              onChange={(event) => {
                setSendEmail(event.currentTarget.checked);
              }}
            />
          )}
          {mutation.isError && <ErrorAlert error={mutation.error} withServerMessage />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t("common.back")}
            </Button>
            <Button
              color={asked === "cancel" ? "red.9" : undefined}
              loading={mutation.isPending}
              onClick={confirm}
            >
              {asked === null ? "" : t(`notices.actions.submit.${asked}`)}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
