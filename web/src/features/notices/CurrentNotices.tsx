import { Alert, Box, Group, List, Stack, Text, Title } from "@mantine/core";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../components/ErrorAlert";
import { StatusBadge } from "../../components/StatusBadge";
import { useFormat } from "../../i18n/format";
import { useMyNotices } from "./api";
import { PHASE_TONES, SEVERITY_COLORS } from "./labels";
import type { CustomerNotice } from "./types";

function NoticeCard({ notice }: { notice: CustomerNotice }) {
  const { t } = useTranslation();
  const format = useFormat();
  const headingId = useId();
  const when =
    notice.endsAt === null
      ? t("notices.customer.whenOpen", { from: format.dateTime(notice.startsAt) })
      : t("notices.customer.when", {
          from: format.dateTime(notice.startsAt),
          to: format.dateTime(notice.endsAt),
        });
  return (
    <Alert
      component="article"
      aria-labelledby={headingId}
      color={notice.phase === "resolved" ? "teal" : SEVERITY_COLORS[notice.severity]}
      variant="light"
      // The alert's own text colour: Mantine's tinted text on yellow is below 4.5:1.
      c="var(--mantine-color-text)"
    >
      <Stack gap={6}>
        <Group gap="xs" wrap="wrap">
          <StatusBadge tone={PHASE_TONES[notice.phase]}>
            {t(`notices.phase.${notice.phase}`)}
          </StatusBadge>
          <Text size="sm" fw={600}>
            {t(`notices.kind.${notice.kind}`)}
          </Text>
        </Group>
        <Title order={3} size="h5" id={headingId} lang={notice.language}>
          {notice.title}
        </Title>
        <Text size="sm">{when}</Text>
        {notice.resolvedAt !== null && (
          <Text size="sm">
            {t("notices.customer.resolvedAt", { at: format.dateTime(notice.resolvedAt) })}
          </Text>
        )}
        {notice.body !== "" && (
          <Text size="sm" lang={notice.language} style={{ whiteSpace: "pre-line" }}>
            {notice.body}
          </Text>
        )}
        <Box>
          <Text size="sm" fw={600}>
            {t("notices.customer.services")}
          </Text>
          <List size="sm">
            {notice.services.map((service) => (
              <List.Item key={service.id}>
                {service.name === null ? service.product : `${service.product} (${service.name})`}
              </List.Item>
            ))}
          </List>
        </Box>
      </Stack>
    </Alert>
  );
}

/**
 * The current status notices about the customer's services (planned maintenance, changes,
 * outages), for the customer's home or services page. Renders nothing while there are none,
 * unless `showEmpty` (a page of its own says so).
 */
export function CurrentNotices({ showEmpty = false }: { showEmpty?: boolean }) {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const notices = useMyNotices(i18n.language === "en" ? "en" : "hu");
  if (notices.isPending) return null;
  if (notices.isError) return showEmpty ? <ErrorAlert error={notices.error} /> : null;
  const items = notices.data.items;
  if (items.length === 0) {
    return showEmpty ? <Text>{t("notices.customer.empty")}</Text> : null;
  }
  return (
    <Box component="section" aria-labelledby={headingId} mb="lg">
      <Title order={2} size="h4" id={headingId} mb="sm">
        {t("notices.customer.heading")}
      </Title>
      <Stack gap="sm">
        {items.map((notice) => (
          <NoticeCard key={notice.id} notice={notice} />
        ))}
      </Stack>
    </Box>
  );
}
