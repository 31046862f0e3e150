import { Alert, Button, Group, Text } from "@mantine/core";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { BackLink } from "../../components/BackLink";
import { DetailList } from "../../components/DetailList";
import { ErrorAlert } from "../../components/ErrorAlert";
import { NoValue } from "../../components/NoValue";
import { Notice } from "../../components/Notice";
import { PageTitle } from "../../components/PageTitle";
import { QueryContent } from "../../components/QueryContent";
import { Section } from "../../components/Section";
import { can } from "../../app/permissions";
import { useFormat } from "../../i18n/format";
import { useSession } from "../auth/session";
import type { MyService } from "../order/types";
import { useMyService, useRenewNow, useWithdrawCancellation } from "./api";
import { CancelServiceDialog } from "./CancelServiceDialog";
import { ChangeCycleDialog } from "./ChangeCycleDialog";
import { DeliveryStatus } from "./DeliveryStatus";
import { ServiceStatusBadge } from "./ServiceStatusBadge";
import { renewPath, serviceName } from "./serviceText";

/** Still provided and billed: it can be cancelled or moved to another cycle. */
const RUNNING: ReadonlySet<MyService["status"]> = new Set(["active", "suspended"]);

function ServiceActions({ service }: { service: MyService }) {
  const { t } = useTranslation();
  const format = useFormat();
  const withdraw = useWithdrawCancellation(service.id);
  const renewNow = useRenewNow(service.id);
  const navigate = useNavigate();
  const [dialog, setDialog] = useState<"cancel" | "cycle" | null>(null);
  const [withdrawn, setWithdrawn] = useState(false);
  // What this login may do here (the same rules as the API's routes).
  const user = useSession().data?.user;
  const manages = can(user, ["technical", "domains"], "write");
  const pays = can(user, "billing", "write");
  const pending = service.cancelEffectiveDate !== null;
  const running = RUNNING.has(service.status) && !pending;
  const canCancel = running && manages;
  const canChangeCycle =
    running &&
    service.billingCycle !== "one_time" &&
    can(user, ["technical", "domains", "billing"], "write");
  const canRenew = running && pays;

  return (
    <>
      {pending && service.cancelEffectiveDate !== null && (
        <Notice color="yellow" mb="md" heading={t("services.pendingCancellation.title")}>
          <Text size="sm">
            {t("services.pendingCancellation.text", {
              date: format.date(service.cancelEffectiveDate),
            })}
          </Text>
          {manages && <Text size="sm">{t("services.pendingCancellation.withdrawHint")}</Text>}
          {manages && (
            <Button
              mt="sm"
              variant="default"
              loading={withdraw.isPending}
              onClick={() => {
                setWithdrawn(false);
                withdraw.mutate(undefined, {
                  onSuccess: () => {
                    setWithdrawn(true);
                  },
                });
              }}
            >
              {t("services.pendingCancellation.withdraw")}
            </Button>
          )}
        </Notice>
      )}
      {withdraw.isError && <ErrorAlert error={withdraw.error} />}
      {withdrawn && !pending && (
        <Alert color="teal" mb="md" role="status">
          {t("services.pendingCancellation.withdrawn")}
        </Alert>
      )}
      {service.nextCycle !== null && service.nextCycle !== service.billingCycle && (
        <Notice color="blue" mb="md" heading={t("services.pendingCycle.title")}>
          <Text size="sm">
            {service.nextDueDate === null
              ? t("services.changes.cycleNext", { cycle: t(`services.cycle.${service.nextCycle}`) })
              : t("services.changes.cycle", {
                  cycle: t(`services.cycle.${service.nextCycle}`),
                  date: format.date(service.nextDueDate),
                })}
          </Text>
        </Notice>
      )}
      {service.renewalDocumentId !== null &&
        (service.status === "pending" ? (
          <Notice color="blue" mb="md" heading={t("services.awaitingPayment.title")}>
            <Text size="sm">{t("services.awaitingPayment.text")}</Text>
          </Notice>
        ) : (
          <Notice color="blue" mb="md" heading={t("services.renewalDue.title")}>
            <Text size="sm">
              {service.nextDueDate === null
                ? t("services.renewalDue.text")
                : t("services.renewalDue.textBy", { date: format.date(service.nextDueDate) })}
            </Text>
          </Notice>
        ))}
      {renewNow.isError && <ErrorAlert error={renewNow.error} />}
      <Group gap="sm">
        {service.renewalDocumentId !== null
          ? pays && (
              <Button component={Link} to={renewPath(service.renewalDocumentId)}>
                {service.status === "pending" ? t("services.pay") : t("services.renew")}
              </Button>
            )
          : canRenew && (
              <Button
                variant="default"
                loading={renewNow.isPending || renewNow.isSuccess}
                onClick={() => {
                  renewNow.mutate(undefined, {
                    onSuccess: ({ documentId }) => {
                      void navigate(renewPath(documentId));
                    },
                  });
                }}
              >
                {t("services.renewNow")}
              </Button>
            )}
        {canChangeCycle && (
          <Button
            variant="default"
            onClick={() => {
              setDialog("cycle");
            }}
          >
            {t("services.cycleChange.open")}
          </Button>
        )}
        {canCancel && (
          <Button
            variant="outline"
            color="red.9"
            onClick={() => {
              setWithdrawn(false);
              setDialog("cancel");
            }}
          >
            {t("services.cancel.open")}
          </Button>
        )}
      </Group>
      {!canCancel &&
        !canRenew &&
        !canChangeCycle &&
        !pending &&
        service.renewalDocumentId === null && (
          // Nothing above applies: say so rather than show an empty section.
          <Text size="sm" c="dimmed">
            {t("services.noActions")}
          </Text>
        )}
      <CancelServiceDialog
        service={service}
        opened={dialog === "cancel"}
        onClose={() => {
          setDialog(null);
        }}
      />
      <ChangeCycleDialog
        // A fresh form (the current cycle chosen) each time it opens.
        key={dialog === "cycle" ? "open" : "closed"}
        service={service}
        opened={dialog === "cycle"}
        onClose={() => {
          setDialog(null);
        }}
      />
    </>
  );
}

export function ServiceDetailPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { id = "" } = useParams();
  const service = useMyService(id);

  return (
    <>
      <BackLink to="/services">{t("services.back")}</BackLink>
      <PageTitle>{service.data ? serviceName(service.data) : t("services.detailTitle")}</PageTitle>
      <QueryContent query={service}>
        {(data) => (
          <>
            <DetailList
              items={[
                { label: t("services.product"), value: data.productName },
                { label: t("services.kind"), value: t(`services.productKind.${data.productKind}`) },
                { label: t("services.label"), value: data.label ?? data.domain ?? <NoValue /> },
                { label: t("services.state"), value: <ServiceStatusBadge status={data.status} /> },
                ...(data.statusReason
                  ? [{ label: t("services.statusReason"), value: data.statusReason }]
                  : []),
                {
                  label: t("services.billingCycle"),
                  value: t(`services.cycle.${data.billingCycle}`),
                },
                { label: t("services.price"), value: format.money(data.price) },
                {
                  label: t("services.nextDueDate"),
                  value: data.nextDueDate === null ? <NoValue /> : format.date(data.nextDueDate),
                },
              ]}
            />
            <Section title={t("services.manage")}>
              <ServiceActions service={data} />
            </Section>
            <Section title={t("services.delivery.title")}>
              <DeliveryStatus
                serviceId={data.id}
                awaitingPayment={data.status === "pending" && data.renewalDocumentId !== null}
              />
            </Section>
          </>
        )}
      </QueryContent>
    </>
  );
}
