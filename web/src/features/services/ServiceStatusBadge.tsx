import { useTranslation } from "react-i18next";
import type { Service } from "../../api/types";
import { StatusBadge, type Tone } from "../../components/StatusBadge";

const TONES: Record<Service["status"], Tone> = {
  pending: "warning",
  active: "success",
  suspended: "danger",
  cancelled: "neutral",
  expired: "danger",
  terminated: "neutral",
};

export function ServiceStatusBadge({ status }: { status: Service["status"] }) {
  const { t } = useTranslation();
  return <StatusBadge tone={TONES[status]}>{t(`services.status.${status}`)}</StatusBadge>;
}
