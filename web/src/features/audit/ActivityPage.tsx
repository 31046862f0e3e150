import { Alert, Code, EmptyState, Text } from "@mantine/core";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { LoadMore } from "../../components/LoadMore";
import { PageTitle } from "../../components/PageTitle";
import { QueryContent } from "../../components/QueryContent";
import { ResponsiveTable, type Column } from "../../components/ResponsiveTable";
import { can } from "../../app/permissions";
import { useSession } from "../auth/session";
import { ProfileNav } from "../profile/ProfileNav";
import { useMyActivity, type AccountAuditEntry } from "./api";
import { useActionText, useAuditTime } from "./labels";

/** "Your contact Kovács Anna", "Your manager Webműhely", "The provider's staff", "Automatic". */
export function activityActor(t: TFunction, actor: AccountAuditEntry["actor"]): string {
  switch (actor.kind) {
    case "contact":
      return actor.name === null
        ? t("activity.actor.contactUnnamed")
        : t("activity.actor.contact", { name: actor.name });
    case "manager":
      return actor.name === null
        ? t("activity.actor.managerUnnamed")
        : t("activity.actor.manager", { name: actor.name });
    case "staff":
      return t("activity.actor.staff");
    case "system":
      return t("activity.actor.system");
  }
}

function ActivityList() {
  const { t } = useTranslation();
  const auditTime = useAuditTime();
  const actionText = useActionText();
  const activity = useMyActivity();

  const columns: Column<AccountAuditEntry>[] = [
    { header: t("audit.time"), cell: (entry) => auditTime(entry.at), nowrap: true },
    { header: t("activity.who"), cell: (entry) => activityActor(t, entry.actor) },
    {
      header: t("activity.what"),
      cell: (entry) => actionText(entry.action) ?? <Code>{entry.action}</Code>,
    },
  ];

  return (
    <QueryContent query={activity}>
      {({ pages }) => {
        const items = pages.flatMap((page) => page.items);
        return items.length === 0 ? (
          <EmptyState title={t("activity.empty")} />
        ) : (
          <>
            <ResponsiveTable
              label={t("activity.tableLabel")}
              rows={items}
              rowKey={(entry) => entry.id}
              columns={columns}
            />
            <LoadMore query={activity} />
          </>
        );
      }}
    </QueryContent>
  );
}

/** /profile/activity (owners): what was done in the account, and by whom. */
export function ActivityPage() {
  const { t } = useTranslation();
  const user = useSession().data?.user;
  const isOwner = can(user, "owner");
  return (
    <>
      <PageTitle>{t("activity.title")}</PageTitle>
      <ProfileNav />
      {isOwner ? (
        <>
          <Text mb="md">{t("activity.intro")}</Text>
          <ActivityList />
        </>
      ) : (
        <Alert color="blue">{t("activity.ownersOnly")}</Alert>
      )}
    </>
  );
}
