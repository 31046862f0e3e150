import {
  Alert,
  Anchor,
  Button,
  EmptyState,
  Group,
  Paper,
  Stack,
  Text,
  Textarea,
  Title,
  VisuallyHidden,
} from "@mantine/core";
import { useId, useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { BankLine } from "../../api/types";
import { BackLink } from "../../components/BackLink";
import { DetailList } from "../../components/DetailList";
import { ErrorAlert } from "../../components/ErrorAlert";
import { LoadMore } from "../../components/LoadMore";
import { NoValue } from "../../components/NoValue";
import { PageTitle } from "../../components/PageTitle";
import { QueryContent } from "../../components/QueryContent";
import { useFormat } from "../../i18n/format";
import { CustomerPicker } from "../staff/CustomerPicker";
import { useCustomer } from "../staff/api";
import { useAssignLine, useBankQueue, useDismissLine } from "./api";
import { candidateWhy, flagText, lineReason, useLineAccount, useLineAmount } from "./labels";
import { OpenDocumentPicker } from "./OpenDocumentPicker";

type Mode = "document" | "credit" | "dismiss" | null;

/**
 * A failed decision is shown from the mutation's state. (mutateAsync, not mutate's callbacks:
 * the decided line leaves the queue, unmounting its card, before those callbacks would run.)
 */
const shownFromState = () => undefined;

/** Whose document a candidate is: the customer's name, linked to their page. */
function CandidateCustomer({ id }: { id: string }) {
  const customer = useCustomer(id, { enabled: id !== "" });
  if (customer.data === undefined) return null;
  return (
    <>
      {" · "}
      <Anchor component={Link} to={`/staff/customers/${encodeURIComponent(id)}`}>
        {customer.data.customer.name}
      </Anchor>
    </>
  );
}

interface Decision {
  lineId: string;
  text: string;
  paymentId: string | null;
}

function QueueLine({ line, onDecided }: { line: BankLine; onDecided: (d: Decision) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const amountOf = useLineAmount();
  const accountOf = useLineAccount();
  const headingId = useId();
  const assign = useAssignLine(line.id);
  const dismiss = useDismissLine(line.id);
  const [mode, setMode] = useState<Mode>(null);
  const [documentId, setDocumentId] = useState<string | null>(null);
  const [customerId, setCustomerId] = useState<string | null>(null);
  const [reason, setReason] = useState("");
  const [formError, setFormError] = useState<string | undefined>();
  const amount = amountOf(line);
  const account = accountOf(line);
  const busy = assign.isPending || dismiss.isPending;

  const choose = (next: Mode) => {
    setMode((current) => (current === next ? null : next));
    setFormError(undefined);
    assign.reset();
    dismiss.reset();
  };

  const assignTo = (id: string, number: string) => {
    void assign.mutateAsync({ documents: [{ id }] }).then(({ paymentId }) => {
      onDecided({
        lineId: line.id,
        text: t("bank.queue.assigned", { amount, number }),
        paymentId,
      });
    }, shownFromState);
  };

  const submitDocument = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (documentId === null) {
      setFormError(t("validation.required"));
      return;
    }
    void assign.mutateAsync({ documents: [{ id: documentId }] }).then(({ paymentId }) => {
      onDecided({
        lineId: line.id,
        text: t("bank.queue.assignedOther", { amount }),
        paymentId,
      });
    }, shownFromState);
  };

  const submitCredit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (customerId === null) {
      setFormError(t("validation.required"));
      return;
    }
    void assign.mutateAsync({ customerId }).then(({ paymentId }) => {
      onDecided({ lineId: line.id, text: t("bank.queue.credited", { amount }), paymentId });
    }, shownFromState);
  };

  const submitDismiss = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const text = reason.trim();
    if (text.length < 3) {
      setFormError(t("bank.queue.reasonTooShort"));
      return;
    }
    void dismiss.mutateAsync(text).then(() => {
      onDecided({
        lineId: line.id,
        text: t("bank.queue.dismissed", { amount }),
        paymentId: null,
      });
    }, shownFromState);
  };

  const reasonText = lineReason(t, line);

  return (
    <Paper component="article" withBorder p="md" aria-labelledby={headingId}>
      <Title order={2} size="h4" id={headingId} mb="sm">
        {t("bank.queue.lineTitle", {
          amount,
          payer: line.counterpartyName ?? t("bank.queue.unknownPayer"),
        })}
      </Title>
      <DetailList
        items={[
          { label: t("bank.line.bookingDate"), value: format.date(line.bookingDate) },
          { label: t("bank.line.payer"), value: line.counterpartyName ?? <NoValue /> },
          {
            label: t("bank.line.payerAccount"),
            value: account === null ? <NoValue /> : <span translate="no">{account}</span>,
          },
          {
            label: t("bank.line.remittance"),
            value:
              line.remittance.trim() === "" ? (
                <NoValue />
              ) : (
                <Text component="span" ff="monospace" size="sm">
                  {line.remittance}
                </Text>
              ),
          },
          { label: t("bank.queue.why"), value: reasonText ?? <NoValue /> },
          ...(line.flags.length === 0
            ? []
            : [
                {
                  label: t("bank.queue.flags"),
                  value: line.flags.map((flag) => flagText(t, flag)).join("; "),
                },
              ]),
        ]}
      />

      <Title order={3} size="h5" mt="md" mb="xs">
        {t("bank.queue.candidates")}
      </Title>
      {line.candidates.length === 0 ? (
        <Text size="sm">{t("bank.queue.noCandidates")}</Text>
      ) : (
        <Stack gap="xs">
          {line.candidates.map((candidate) => (
            <Group key={candidate.documentId} gap="sm" wrap="wrap">
              <Button
                size="sm"
                disabled={busy}
                loading={
                  assign.isPending &&
                  "documents" in assign.variables &&
                  assign.variables.documents[0]?.id === candidate.documentId
                }
                onClick={() => {
                  assignTo(candidate.documentId, candidate.number);
                }}
              >
                {t("bank.queue.assignTo", { number: candidate.number })}
              </Button>
              <Text size="sm">
                {t("bank.queue.candidateOpen", {
                  amount: format.money({ amount: candidate.open, currency: line.currency }),
                  why: candidateWhy(t, candidate.why),
                })}
                <CandidateCustomer id={candidate.customerId} />
                {" · "}
                <Anchor
                  component={Link}
                  to={`/staff/documents/${encodeURIComponent(candidate.documentId)}`}
                >
                  {t("bank.queue.openDocument")}
                  <VisuallyHidden> {candidate.number}</VisuallyHidden>
                </Anchor>
              </Text>
            </Group>
          ))}
        </Stack>
      )}

      <Group gap="sm" mt="md">
        <Button
          variant="default"
          size="sm"
          aria-expanded={mode === "document"}
          onClick={() => {
            choose("document");
          }}
        >
          {t("bank.queue.otherDocument")}
        </Button>
        <Button
          variant="default"
          size="sm"
          aria-expanded={mode === "credit"}
          onClick={() => {
            choose("credit");
          }}
        >
          {t("bank.queue.keepAsCredit")}
        </Button>
        <Button
          variant="default"
          size="sm"
          aria-expanded={mode === "dismiss"}
          onClick={() => {
            choose("dismiss");
          }}
        >
          {t("bank.queue.dismiss")}
        </Button>
      </Group>

      {mode === "document" && (
        <form onSubmit={submitDocument} noValidate>
          <Stack gap="sm" mt="md">
            <OpenDocumentPicker
              label={t("bank.queue.document")}
              value={documentId}
              onChange={setDocumentId}
              error={formError}
            />
            <Group>
              <Button type="submit" loading={assign.isPending}>
                {t("bank.queue.assign")}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
      {mode === "credit" && (
        <form onSubmit={submitCredit} noValidate>
          <Stack gap="sm" mt="md">
            <CustomerPicker
              label={t("bank.queue.customer")}
              description={t("bank.queue.customerHint")}
              value={customerId}
              onChange={setCustomerId}
              error={formError}
              required
            />
            <Group>
              <Button type="submit" loading={assign.isPending}>
                {t("bank.queue.keepAsCreditSubmit")}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
      {mode === "dismiss" && (
        <form onSubmit={submitDismiss} noValidate>
          <Stack gap="sm" mt="md">
            <Textarea
              label={t("bank.queue.dismissReason")}
              description={t("bank.queue.dismissHint")}
              required
              autosize
              minRows={2}
              maxLength={500}
              value={reason}
              error={formError}
              onChange={(event) => {
                setReason(event.currentTarget.value);
              }}
            />
            <Group>
              <Button type="submit" color="red.9" loading={dismiss.isPending}>
                {t("bank.queue.dismissSubmit")}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
      {assign.isError && (
        <Stack mt="md">
          <ErrorAlert error={assign.error} withServerMessage />
        </Stack>
      )}
      {dismiss.isError && (
        <Stack mt="md">
          <ErrorAlert error={dismiss.error} withServerMessage />
        </Stack>
      )}
    </Paper>
  );
}

/** /staff/bank/queue — the bank lines no rule could decide, one decision each. */
export function BankQueuePage() {
  const { t } = useTranslation();
  const queue = useBankQueue();
  const [decisions, setDecisions] = useState<Decision[]>([]);

  return (
    <>
      <BackLink to="/staff/bank">{t("bank.back")}</BackLink>
      <PageTitle>{t("bank.queue.title")}</PageTitle>
      <Text mb="md">{t("bank.queue.intro")}</Text>
      {decisions.length > 0 && (
        <Alert color="teal" mb="md" role="status">
          <Stack gap={4}>
            {decisions.map((decision) => (
              <Text size="sm" key={decision.lineId}>
                {decision.text}
                {decision.paymentId !== null && (
                  <>
                    {" "}
                    <Anchor
                      component={Link}
                      to={`/staff/payments/${encodeURIComponent(decision.paymentId)}`}
                    >
                      {t("bank.line.openPayment")}
                    </Anchor>
                  </>
                )}
              </Text>
            ))}
          </Stack>
        </Alert>
      )}
      <QueryContent query={queue}>
        {({ pages }) => {
          const items = pages.flatMap((page) => page.items);
          return items.length === 0 ? (
            <EmptyState title={t("bank.queue.empty")} />
          ) : (
            <>
              <Text size="sm" c="dimmed" mb="sm" aria-live="polite">
                {t("bank.queue.shown", { count: items.length })}
              </Text>
              <Stack gap="md">
                {items.map((line) => (
                  <QueueLine
                    key={line.id}
                    line={line}
                    onDecided={(decision) => {
                      setDecisions((previous) => [decision, ...previous]);
                    }}
                  />
                ))}
              </Stack>
              <LoadMore query={queue} />
            </>
          );
        }}
      </QueryContent>
    </>
  );
}
