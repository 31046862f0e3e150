import { useTranslation } from "react-i18next";
import { PageTitle } from "../../components/PageTitle";
import { CurrentNotices } from "./CurrentNotices";

/** /notices: the status notices about my services. */
export function MyNoticesPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle>{t("notices.customer.title")}</PageTitle>
      <CurrentNotices showEmpty />
    </>
  );
}
