import { Anchor, Button, Group, NativeSelect, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link, useSearchParams } from "react-router";
import { PageTitle } from "../../components/PageTitle";
import { QueryContent } from "../../components/QueryContent";
import { ResponsiveTable } from "../../components/ResponsiveTable";
import { StatusBadge } from "../../components/StatusBadge";
import { useFormat } from "../../i18n/format";
import { useStaffNotices } from "./api";
import { noticeTitle, STATUS_TONES } from "./labels";
import { NOTICE_STATUSES, type NoticeStatus } from "./types";

function isStatus(value: string | null): value is NoticeStatus {
  return NOTICE_STATUSES.some((s) => s === value);
}

/** /staff/notices: planned maintenance, changes and outages; write a new one. */
export function StaffNoticesPage() {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const [params, setParams] = useSearchParams();
  const raw = params.get("status");
  const status = isStatus(raw) ? raw : null;
  const notices = useStaffNotices(status);

  return (
    <>
      <PageTitle>{t("notices.staff.title")}</PageTitle>
      <Text mb="md">{t("notices.staff.intro")}</Text>
      <Group mb="md" align="flex-end" justify="space-between">
        <NativeSelect
          label={t("notices.staff.filterStatus")}
          value={status ?? ""}
          onChange={(event) => {
            const value = event.currentTarget.value;
            setParams(value === "" ? {} : { status: value }, { replace: true });
          }}
          data={[
            { value: "", label: t("notices.staff.allStatuses") },
            ...NOTICE_STATUSES.map((s) => ({ value: s, label: t(`notices.status.${s}`) })),
          ]}
        />
        <Button component={Link} to="/staff/notices/new">
          {t("notices.staff.new")}
        </Button>
      </Group>
      <QueryContent query={notices}>
        {({ items }) =>
          items.length === 0 ? (
            <Text>{t("notices.staff.empty")}</Text>
          ) : (
            <ResponsiveTable
              label={t("notices.staff.title")}
              rows={items}
              rowKey={(n) => n.id}
              columns={[
                {
                  header: t("notices.staff.columns.title"),
                  cell: (n) => (
                    <Anchor component={Link} to={`/staff/notices/${encodeURIComponent(n.id)}`}>
                      {noticeTitle(n, i18n.language)}
                    </Anchor>
                  ),
                },
                {
                  header: t("notices.staff.columns.kind"),
                  cell: (n) => t(`notices.kind.${n.kind}`),
                },
                {
                  header: t("notices.staff.columns.status"),
                  nowrap: true,
                  cell: (n) => (
                    <StatusBadge tone={STATUS_TONES[n.status]}>
                      {t(`notices.status.${n.status}`)}
                    </StatusBadge>
                  ),
                },
                {
                  header: t("notices.staff.columns.window"),
                  cell: (n) =>
                    n.endsAt === null
                      ? t("notices.customer.whenOpen", { from: format.dateTime(n.startsAt) })
                      : t("notices.customer.when", {
                          from: format.dateTime(n.startsAt),
                          to: format.dateTime(n.endsAt),
                        }),
                },
                {
                  header: t("notices.staff.columns.recipients"),
                  numeric: true,
                  cell: (n) =>
                    n.status === "draft"
                      ? "–"
                      : t("notices.staff.recipientsValue", {
                          customers: n.recipients.customers,
                          mailed: n.recipients.mailed,
                        }),
                },
              ]}
            />
          )
        }
      </QueryContent>
    </>
  );
}
