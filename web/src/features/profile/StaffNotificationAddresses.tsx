import { Button, Modal } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { staffCan, type NeededStaffRole } from "../../app/permissions";
import { DetailList } from "../../components/DetailList";
import { QueryContent } from "../../components/QueryContent";
import { useIsPhone } from "../../components/useIsPhone";
import { useSession } from "../auth/session";
import { NotificationAddressesForm } from "./NotificationAddressesForm";
import { useNotificationAddresses, type SettingsOwner } from "./settingsApi";

/** Who may change them: the staff route's permission (PUT …/notification-addresses). */
const MAY_EDIT: readonly NeededStaffRole[] = ["support", "billing"];

function StaffNotificationAddressesDialog({
  owner,
  onClose,
}: {
  owner: SettingsOwner;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const data = useNotificationAddresses(owner);
  return (
    <Modal
      opened
      onClose={onClose}
      size="xl"
      title={t("profileNotifications.staffTitle")}
      fullScreen={isPhone}
      closeButtonProps={{ "aria-label": t("common.close") }}
    >
      <QueryContent query={data}>
        {(addresses) => <NotificationAddressesForm owner={owner} data={addresses} />}
      </QueryContent>
    </Modal>
  );
}

/**
 * On a staff customer page: who gets each type of mail to the customer now, and (for the roles
 * the API lets change them) a dialog with the customer's own Profile → Notifications form.
 */
export function StaffNotificationAddresses({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const [open, setOpen] = useState(false);
  const owner = { kind: "customer", id: customerId } as const;
  const query = useNotificationAddresses(owner);
  const mayEdit = staffCan(session.data?.user.staffRole, MAY_EDIT, "write");
  return (
    <>
      <QueryContent query={query}>
        {(data) => (
          <DetailList
            items={data.types.map(({ type, targets, recipients }) => ({
              label: t(`profileNotifications.type.${type}`),
              value:
                targets.length === 0
                  ? t("profileNotifications.staffDefault", { recipients: recipients.join(", ") })
                  : recipients.join(", "),
            }))}
          />
        )}
      </QueryContent>
      {mayEdit && (
        <Button
          variant="default"
          mt="sm"
          onClick={() => {
            setOpen(true);
          }}
        >
          {t("profileNotifications.staffEdit")}
        </Button>
      )}
      {open && (
        <StaffNotificationAddressesDialog
          owner={owner}
          onClose={() => {
            setOpen(false);
          }}
        />
      )}
    </>
  );
}
