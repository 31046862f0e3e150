import { useTranslation } from "react-i18next";
import { PageTitle } from "../../components/PageTitle";
import { QueryContent } from "../../components/QueryContent";
import { NotificationAddressesForm } from "./NotificationAddressesForm";
import { ProfileNav } from "./ProfileNav";
import { useNotificationAddresses } from "./settingsApi";

const ME = { kind: "me" } as const;

/** /profile/notifications — notification addresses per type (A4). */
export function NotificationsPage() {
  const { t } = useTranslation();
  const query = useNotificationAddresses(ME);
  return (
    <>
      <PageTitle>{t("profileNotifications.title")}</PageTitle>
      <ProfileNav />
      <QueryContent query={query}>
        {(data) => <NotificationAddressesForm owner={ME} data={data} />}
      </QueryContent>
    </>
  );
}
