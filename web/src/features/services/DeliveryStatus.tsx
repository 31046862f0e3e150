import { Anchor, Group, Loader, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { DetailList } from "../../components/DetailList";
import { QueryContent } from "../../components/QueryContent";
import { StatusBadge, type Tone } from "../../components/StatusBadge";
import { useFormat } from "../../i18n/format";
import { useServiceDelivery } from "./api";

type DeliveryState =
  "not_required" | "in_progress" | "with_staff" | "delayed" | "delivered" | "cancelled";

const TONES: Record<DeliveryState, Tone> = {
  not_required: "neutral",
  in_progress: "info",
  with_staff: "info",
  delayed: "warning",
  delivered: "success",
  cancelled: "neutral",
};

/** Module data keys with a name of their own; others are shown as the module calls them. */
const KNOWN_KEYS = ["username", "domain", "server", "panelUrl", "plan"] as const;
type KnownKey = (typeof KNOWN_KEYS)[number];

function isKnownKey(key: string): key is KnownKey {
  return KNOWN_KEYS.some((known) => known === key);
}

function DeliveredValue({ value }: { value: string }) {
  if (/^https:\/\/[^\s]+$/.test(value)) {
    return (
      <Anchor href={value} target="_blank" rel="noopener noreferrer">
        {value}
      </Anchor>
    );
  }
  return <span translate="no">{value}</span>;
}

/**
 * How far the service's delivery is (the provisioning behind it). While it is under way the
 * status is asked again every few seconds, and the change is announced to screen readers.
 */
export function DeliveryStatus({
  serviceId,
  awaitingPayment,
}: {
  serviceId: string;
  /** The service waits for its order to be paid: nothing is being set up yet. */
  awaitingPayment: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const delivery = useServiceDelivery(serviceId);

  return (
    <QueryContent query={delivery}>
      {(data) => {
        const entries = Object.entries(data.data);
        if (awaitingPayment && data.status === null) {
          return <Text size="sm">{t("services.delivery.afterPayment")}</Text>;
        }
        return (
          <Stack gap="sm">
            <div role="status">
              <Group gap="xs" mb={4}>
                <StatusBadge tone={TONES[data.state]}>
                  {t(`services.delivery.state.${data.state}`)}
                </StatusBadge>
                {data.state === "in_progress" && <Loader size="xs" aria-hidden />}
              </Group>
              <Text size="sm">{t(`services.delivery.explain.${data.state}`)}</Text>
            </div>
            {(data.requestedAt !== null || data.finishedAt !== null) && (
              <DetailList
                items={[
                  ...(data.requestedAt === null
                    ? []
                    : [
                        {
                          label: t("services.delivery.requestedAt"),
                          value: format.dateTime(data.requestedAt),
                        },
                      ]),
                  ...(data.finishedAt === null
                    ? []
                    : [
                        {
                          label: t("services.delivery.finishedAt"),
                          value: format.dateTime(data.finishedAt),
                        },
                      ]),
                ]}
              />
            )}
            {entries.length > 0 && (
              <>
                <Text fw={700} size="sm">
                  {t("services.delivery.details")}
                </Text>
                <DetailList
                  items={entries.map(([key, value]) => ({
                    label: isKnownKey(key) ? t(`services.delivery.data.${key}`) : key,
                    value: <DeliveredValue value={value} />,
                  }))}
                />
              </>
            )}
          </Stack>
        );
      }}
    </QueryContent>
  );
}
