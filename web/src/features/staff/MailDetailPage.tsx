import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { BackLink } from "../../components/BackLink";
import { DetailList } from "../../components/DetailList";
import { NoValue } from "../../components/NoValue";
import { PageTitle } from "../../components/PageTitle";
import { Preformatted } from "../../components/Preformatted";
import { QueryContent } from "../../components/QueryContent";
import { Section } from "../../components/Section";
import { useFormat } from "../../i18n/format";
import { useSentMailItem } from "./api";
import { MailStatusBadge } from "./StatusBadges";

export function MailDetailPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { id = "" } = useParams();
  const mail = useSentMailItem(id);

  return (
    <>
      <BackLink to="/staff/mail">{t("staff.mail.back")}</BackLink>
      <PageTitle>{mail.data ? mail.data.subject : t("staff.mail.fallbackTitle")}</PageTitle>
      <QueryContent query={mail}>
        {(data) => (
          <>
            <DetailList
              items={[
                { label: t("staff.mail.to"), value: data.to },
                { label: t("staff.mail.type"), value: data.type },
                { label: t("staff.mail.state"), value: <MailStatusBadge status={data.status} /> },
                { label: t("staff.mail.createdAt"), value: format.dateTime(data.createdAt) },
                {
                  label: t("staff.mail.sentAt"),
                  value: data.sentAt === null ? <NoValue /> : format.dateTime(data.sentAt),
                },
                {
                  label: t("staff.mail.error"),
                  value:
                    data.error === null ? <NoValue /> : <Preformatted>{data.error}</Preformatted>,
                },
                {
                  label: t("staff.mail.htmlVersion"),
                  value: data.html === null ? t("common.no") : t("common.yes"),
                },
              ]}
            />
            <Section title={t("staff.mail.textBody")}>
              <Preformatted>{data.text}</Preformatted>
            </Section>
          </>
        )}
      </QueryContent>
    </>
  );
}
