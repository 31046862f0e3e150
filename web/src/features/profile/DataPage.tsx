import { useTranslation } from "react-i18next";
import { PageTitle } from "../../components/PageTitle";
import { QueryContent } from "../../components/QueryContent";
import { useSession } from "../auth/session";
import { BillingDataForm } from "./BillingDataForm";
import { ProfileNav } from "./ProfileNav";
import { useBillingData } from "./settingsApi";

const ME = { kind: "me" } as const;

/** /profile/data — the account's billing data (A7): what documents issued from now on carry. */
export function DataPage() {
  const { t } = useTranslation();
  const session = useSession();
  const data = useBillingData(ME);
  const permissions = session.data?.user.permissions ?? [];
  const canEdit = permissions.includes("owner") || permissions.includes("billing");
  return (
    <>
      <PageTitle>{t("profileData.title")}</PageTitle>
      <ProfileNav />
      <QueryContent query={data}>
        {(billingData) => <BillingDataForm owner={ME} data={billingData} readOnly={!canEdit} />}
      </QueryContent>
    </>
  );
}
