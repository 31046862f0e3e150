import { useTranslation } from "react-i18next";
import type { JobState, MailSummary } from "../../api/types";
import { StatusBadge, type Tone } from "../../components/StatusBadge";
import { isJobState } from "./jobStates";

const JOB_TONES: Record<JobState, Tone> = {
  created: "neutral",
  retry: "warning",
  active: "info",
  completed: "success",
  failed: "danger",
  cancelled: "neutral",
};

const MAIL_TONES: Record<MailSummary["status"], Tone> = {
  queued: "warning",
  sent: "success",
  stored: "neutral",
  failed: "danger",
};

/** Takes any string: the server may type job states loosely; unknown ones are shown verbatim. */
export function JobStateBadge({ state }: { state: string }) {
  const { t } = useTranslation();
  return isJobState(state) ? (
    <StatusBadge tone={JOB_TONES[state]}>{t(`staff.jobs.states.${state}`)}</StatusBadge>
  ) : (
    <StatusBadge tone="neutral">{state}</StatusBadge>
  );
}

export function MailStatusBadge({ status }: { status: MailSummary["status"] }) {
  const { t } = useTranslation();
  return <StatusBadge tone={MAIL_TONES[status]}>{t(`staff.mail.status.${status}`)}</StatusBadge>;
}
