import { Alert } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { BackLink } from "../../components/BackLink";
import { DetailList } from "../../components/DetailList";
import { PageTitle } from "../../components/PageTitle";
import { QueryContent } from "../../components/QueryContent";
import { Section } from "../../components/Section";
import { StatusBadge } from "../../components/StatusBadge";
import { useFormat } from "../../i18n/format";
import { useCreateNotice, useNoticeTargets, useStaffNotice, useUpdateNotice } from "./api";
import { noticeTitle, STATUS_TONES } from "./labels";
import { NoticeActions } from "./NoticeActions";
import { NoticeForm } from "./NoticeForm";
import type { StaffNoticeDetail } from "./types";

/** /staff/notices/new: write a notice (saved as a draft). */
export function NewNoticePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const targets = useNoticeTargets();
  const create = useCreateNotice();
  return (
    <>
      <BackLink to="/staff/notices">{t("notices.staff.back")}</BackLink>
      <PageTitle>{t("notices.staff.newTitle")}</PageTitle>
      <QueryContent query={targets}>
        {(data) => (
          <NoticeForm
            notice={null}
            targets={data}
            submitLabel={t("notices.form.create")}
            pending={create.isPending}
            error={create.error}
            onSubmit={(body) => {
              create.mutate(body, {
                onSuccess: (created) => {
                  void navigate(`/staff/notices/${encodeURIComponent(created.id)}`);
                },
              });
            }}
          />
        )}
      </QueryContent>
    </>
  );
}

function NoticeDetail({ notice }: { notice: StaffNoticeDetail }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const targets = useNoticeTargets();
  const update = useUpdateNotice(notice.id);
  const [saved, setSaved] = useState(false);
  const closed = notice.status === "resolved" || notice.status === "cancelled";
  const at = (value: string | null) => (value === null ? "–" : format.dateTime(value));

  return (
    <>
      <PageTitle>{noticeTitle(notice, i18n.language)}</PageTitle>
      <DetailList
        items={[
          {
            label: t("notices.detail.status"),
            value: (
              <StatusBadge tone={STATUS_TONES[notice.status]}>
                {t(`notices.status.${notice.status}`)}
              </StatusBadge>
            ),
          },
          { label: t("notices.form.kind"), value: t(`notices.kind.${notice.kind}`) },
          {
            label: t("notices.detail.reached"),
            value: t("notices.staff.recipientsValue", {
              customers: notice.recipients.customers,
              mailed: notice.recipients.mailed,
            }),
          },
          {
            label: t("notices.detail.reach"),
            value: t("notices.detail.reachValue", {
              customers: notice.reach.customers,
              services: notice.reach.services,
            }),
          },
          { label: t("notices.detail.createdAt"), value: at(notice.createdAt) },
          { label: t("notices.detail.publishedAt"), value: at(notice.publishedAt) },
          ...(notice.resolvedAt === null
            ? []
            : [{ label: t("notices.detail.resolvedAt"), value: at(notice.resolvedAt) }]),
          ...(notice.cancelledAt === null
            ? []
            : [{ label: t("notices.detail.cancelledAt"), value: at(notice.cancelledAt) }]),
          { label: t("notices.detail.revision"), value: String(notice.revision) },
        ]}
      />
      <Section title={t("notices.actions.title")}>
        <NoticeActions notice={notice} />
      </Section>
      {!closed && (
        <Section title={t("notices.detail.editTitle")}>
          {saved && (
            <Alert color="teal" mb="sm" role="status">
              {t("notices.form.saved")}
            </Alert>
          )}
          <QueryContent query={targets}>
            {(data) => (
              <NoticeForm
                // A fresh form when the saved notice changes (a new revision or status).
                key={`${notice.updatedAt}:${notice.status}`}
                notice={notice}
                targets={data}
                submitLabel={t("notices.form.save")}
                pending={update.isPending}
                error={update.error}
                onSubmit={(body, sendUpdate) => {
                  setSaved(false);
                  update.mutate(
                    { ...body, sendUpdate },
                    {
                      onSuccess: () => {
                        setSaved(true);
                      },
                    },
                  );
                }}
              />
            )}
          </QueryContent>
        </Section>
      )}
    </>
  );
}

/** /staff/notices/:id: a notice with whom it reached; publish, resolve, cancel, edit. */
export function NoticePage() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const notice = useStaffNotice(id);
  return (
    <>
      <BackLink to="/staff/notices">{t("notices.staff.back")}</BackLink>
      <QueryContent query={notice}>{(data) => <NoticeDetail notice={data} />}</QueryContent>
    </>
  );
}
