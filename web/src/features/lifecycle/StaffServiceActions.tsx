import { Button, Menu, NativeSelect, TextInput } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { fieldErrorsOf } from "../../components/ErrorAlert";
import { useFormat } from "../../i18n/format";
import { normalizeDecimal } from "../billing/decimal";
import type { BillingCycle, StaffService } from "../order/types";
import { CYCLES, isCycle } from "../order/money";
import {
  useOverrideCancellation,
  useSetServiceCycle,
  useSetServicePrice,
  useStaffCancelService,
  useTransitionService,
  type StaffTransitionTarget,
} from "./api";
import { ReasonDialog } from "./ReasonDialog";
import { staffTargets } from "./transitions";

type Dialog = "status" | "price" | "cycle" | "cancel" | "override";

export function staffServiceName(service: StaffService): string {
  return service.name === null ? service.product : `${service.product} – ${service.name}`;
}

function TransitionDialog({ service, onClose }: { service: StaffService; onClose: () => void }) {
  const { t } = useTranslation();
  const transition = useTransitionService(service.id);
  const targets = staffTargets(service.status);
  const [to, setTo] = useState<StaffTransitionTarget | "">(targets[0] ?? "");
  return (
    <ReasonDialog
      opened
      title={t("lifecycle.services.transition.title", { name: staffServiceName(service) })}
      intro={t("lifecycle.services.transition.intro", {
        status: t(`services.status.${service.status}`),
      })}
      label={t("lifecycle.reason")}
      submitLabel={t("lifecycle.services.transition.submit")}
      pending={transition.isPending}
      error={transition.error}
      onSubmit={(reason) => {
        if (to === "") return false;
        transition.mutate({ to, reason }, { onSuccess: onClose });
      }}
      onClose={onClose}
    >
      <NativeSelect
        label={t("lifecycle.services.transition.to")}
        value={to}
        onChange={(event) => {
          setTo(event.currentTarget.value as StaffTransitionTarget);
        }}
        data={targets.map((target) => ({ value: target, label: t(`services.status.${target}`) }))}
      />
    </ReasonDialog>
  );
}

function PriceDialog({ service, onClose }: { service: StaffService; onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const setPrice = useSetServicePrice(service.id);
  const [price, setPriceInput] = useState("");
  const [invalid, setInvalid] = useState(false);
  const serverErrors = fieldErrorsOf(setPrice.error);
  return (
    <ReasonDialog
      opened
      title={t("lifecycle.services.price.title", { name: staffServiceName(service) })}
      intro={t("lifecycle.services.price.intro", {
        price: format.money(service.price),
      })}
      label={t("lifecycle.reason")}
      submitLabel={t("lifecycle.services.price.submit")}
      pending={setPrice.isPending}
      error={setPrice.error}
      onSubmit={(reason) => {
        const value = normalizeDecimal(price, 2);
        setInvalid(value === null);
        if (value === null) return false;
        setPrice.mutate({ price: value, reason }, { onSuccess: onClose });
      }}
      onClose={onClose}
    >
      <TextInput
        label={t("lifecycle.services.price.newPrice", { currency: service.price.currency })}
        required
        inputMode="decimal"
        value={price}
        error={invalid ? t("lifecycle.invalidAmount") : serverErrors.price}
        onChange={(event) => {
          setPriceInput(event.currentTarget.value);
        }}
      />
    </ReasonDialog>
  );
}

function CycleDialog({ service, onClose }: { service: StaffService; onClose: () => void }) {
  const { t } = useTranslation();
  const setCycle = useSetServiceCycle(service.id);
  const [cycle, setCycleInput] = useState<BillingCycle>(
    isCycle(service.billingCycle) ? service.billingCycle : "monthly",
  );
  return (
    <ReasonDialog
      opened
      title={t("lifecycle.services.cycle.title", { name: staffServiceName(service) })}
      intro={t("lifecycle.services.cycle.intro")}
      submitLabel={t("lifecycle.services.cycle.submit")}
      pending={setCycle.isPending}
      error={setCycle.error}
      onSubmit={() => {
        setCycle.mutate(cycle, { onSuccess: onClose });
      }}
      onClose={onClose}
    >
      <NativeSelect
        label={t("services.billingCycle")}
        value={cycle}
        onChange={(event) => {
          const value = event.currentTarget.value;
          if (isCycle(value)) setCycleInput(value);
        }}
        data={CYCLES.map((value) => ({ value, label: t(`services.cycle.${value}`) }))}
      />
    </ReasonDialog>
  );
}

function CancelDialog({ service, onClose }: { service: StaffService; onClose: () => void }) {
  const { t } = useTranslation();
  const cancel = useStaffCancelService(service.id);
  const [date, setDate] = useState("");
  return (
    <ReasonDialog
      opened
      danger
      title={t("lifecycle.services.cancel.title", { name: staffServiceName(service) })}
      intro={t("lifecycle.services.cancel.intro")}
      label={t("lifecycle.reason")}
      submitLabel={t("lifecycle.services.cancel.submit")}
      pending={cancel.isPending}
      error={cancel.error}
      onSubmit={(reason) => {
        cancel.mutate(
          { reason, ...(date === "" ? {} : { effectiveDate: date }) },
          { onSuccess: onClose },
        );
      }}
      onClose={onClose}
    >
      <TextInput
        type="date"
        label={t("lifecycle.services.cancel.effectiveDate")}
        description={t("lifecycle.services.cancel.effectiveDateHint")}
        value={date}
        onChange={(event) => {
          setDate(event.currentTarget.value);
        }}
      />
    </ReasonDialog>
  );
}

/** Override a pending cancellation (the service goes on); also used on the Cancellations page. */
export function OverrideDialog({
  serviceId,
  name,
  onClose,
}: {
  serviceId: string;
  name: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const override = useOverrideCancellation(serviceId);
  return (
    <ReasonDialog
      opened
      title={t("lifecycle.override.title", { name })}
      intro={t("lifecycle.override.intro")}
      label={t("lifecycle.reason")}
      submitLabel={t("lifecycle.override.submit")}
      pending={override.isPending}
      error={override.error}
      onSubmit={(reason) => {
        override.mutate(reason, { onSuccess: onClose });
      }}
      onClose={onClose}
    />
  );
}

/** The staff actions on one service: state, price, cycle, cancellation. */
export function StaffServiceActions({ service }: { service: StaffService }) {
  const { t } = useTranslation();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const close = () => {
    setDialog(null);
  };
  const name = staffServiceName(service);
  const open = service.status !== "terminated";
  const pendingCancel = service.cancelEffectiveDate !== null;

  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button
            size="compact-sm"
            variant="default"
            aria-label={`${t("lifecycle.services.actions")}: ${name}`}
          >
            {t("lifecycle.services.actions")}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Item
            disabled={staffTargets(service.status).length === 0}
            onClick={() => {
              setDialog("status");
            }}
          >
            {t("lifecycle.services.transition.open")}
          </Menu.Item>
          <Menu.Item
            disabled={!open}
            onClick={() => {
              setDialog("price");
            }}
          >
            {t("lifecycle.services.price.open")}
          </Menu.Item>
          <Menu.Item
            disabled={!open || service.billingCycle === "one_time"}
            onClick={() => {
              setDialog("cycle");
            }}
          >
            {t("lifecycle.services.cycle.open")}
          </Menu.Item>
          {pendingCancel ? (
            <Menu.Item
              onClick={() => {
                setDialog("override");
              }}
            >
              {t("lifecycle.override.open")}
            </Menu.Item>
          ) : (
            <Menu.Item
              disabled={!(service.status === "active" || service.status === "suspended")}
              onClick={() => {
                setDialog("cancel");
              }}
            >
              {t("lifecycle.services.cancel.open")}
            </Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>
      {dialog === "status" && <TransitionDialog service={service} onClose={close} />}
      {dialog === "price" && <PriceDialog service={service} onClose={close} />}
      {dialog === "cycle" && <CycleDialog service={service} onClose={close} />}
      {dialog === "cancel" && <CancelDialog service={service} onClose={close} />}
      {dialog === "override" && (
        <OverrideDialog serviceId={service.id} name={name} onClose={close} />
      )}
    </>
  );
}
