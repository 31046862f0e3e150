import { Anchor, EmptyState } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { MailSummary } from "../../api/types";
import { NoValue } from "../../components/NoValue";
import { PageTitle } from "../../components/PageTitle";
import { Preformatted } from "../../components/Preformatted";
import { QueryContent } from "../../components/QueryContent";
import { ResponsiveTable, type Column } from "../../components/ResponsiveTable";
import { useFormat } from "../../i18n/format";
import { useSentMail } from "./api";
import { MailStatusBadge } from "./StatusBadges";

export function MailPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const mail = useSentMail();

  const columns: Column<MailSummary>[] = [
    {
      header: t("staff.mail.subject"),
      cell: (item) => (
        <Anchor component={Link} to={`/staff/mail/${encodeURIComponent(item.id)}`}>
          {item.subject}
        </Anchor>
      ),
    },
    { header: t("staff.mail.to"), cell: (item) => item.to },
    { header: t("staff.mail.type"), cell: (item) => item.type },
    { header: t("staff.mail.state"), cell: (item) => <MailStatusBadge status={item.status} /> },
    { header: t("staff.mail.createdAt"), cell: (item) => format.dateTime(item.createdAt) },
    {
      header: t("staff.mail.sentAt"),
      cell: (item) => (item.sentAt === null ? <NoValue /> : format.dateTime(item.sentAt)),
    },
    {
      header: t("staff.mail.error"),
      cell: (item) =>
        item.error === null ? <NoValue /> : <Preformatted>{item.error}</Preformatted>,
    },
  ];

  return (
    <>
      <PageTitle>{t("staff.mail.title")}</PageTitle>
      <QueryContent query={mail}>
        {({ items }) =>
          items.length === 0 ? (
            <EmptyState title={t("staff.mail.empty")} />
          ) : (
            <ResponsiveTable
              label={t("staff.mail.tableLabel")}
              rows={items}
              rowKey={(item) => item.id}
              columns={columns}
            />
          )
        }
      </QueryContent>
    </>
  );
}
