import { Button, Modal } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { QueryContent } from "../../components/QueryContent";
import { useIsPhone } from "../../components/useIsPhone";
import { useSession } from "../auth/session";
import { BillingDataForm } from "./BillingDataForm";
import { useBillingData } from "./settingsApi";

function StaffBillingDataDialog({
  customerId,
  onClose,
}: {
  customerId: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const isPhone = useIsPhone();
  const owner = { kind: "customer", id: customerId } as const;
  const data = useBillingData(owner);
  return (
    <Modal
      opened
      onClose={onClose}
      size="xl"
      title={t("profileData.staffTitle")}
      fullScreen={isPhone}
      closeButtonProps={{ "aria-label": t("common.close") }}
    >
      <QueryContent query={data}>
        {(billingData) => <BillingDataForm owner={owner} data={billingData} />}
      </QueryContent>
    </Modal>
  );
}

/** On a staff customer page: edit the customer's billing data (not for read-only staff). */
export function StaffBillingDataEdit({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const [open, setOpen] = useState(false);
  if (session.data?.user.staffRole === "readonly") return null;
  return (
    <>
      <Button
        variant="default"
        mt="sm"
        onClick={() => {
          setOpen(true);
        }}
      >
        {t("profileData.staffEdit")}
      </Button>
      {open && (
        <StaffBillingDataDialog
          customerId={customerId}
          onClose={() => {
            setOpen(false);
          }}
        />
      )}
    </>
  );
}
