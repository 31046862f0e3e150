import {
  Alert,
  Badge,
  Box,
  Button,
  Code,
  Group,
  Image,
  List,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { useState, type SubmitEvent } from "react";
import { useTranslation } from "react-i18next";
import { CopyValue } from "../../components/CopyValue";
import { ErrorAlert } from "../../components/ErrorAlert";
import { PageTitle } from "../../components/PageTitle";
import { QueryContent } from "../../components/QueryContent";
import { ResponsiveTable, type Column } from "../../components/ResponsiveTable";
import { Section } from "../../components/Section";
import { useFormat } from "../../i18n/format";
import { PasswordField } from "../auth/PasswordField";
import { useLogout, useSession } from "../auth/session";
import { emailError, requiredError } from "../auth/validation";
import { PasswordForm } from "./PasswordForm";
import { ProfileNav } from "./ProfileNav";
import {
  useConfirmTwoFactor,
  useDisableTwoFactor,
  useEndOtherSessions,
  useEndSession,
  useMySessions,
  useNewRecoveryCodes,
  useRequestEmailChange,
  useStartTwoFactorSetup,
  useTwoFactorDone,
  useTwoFactorStatus,
} from "./securityApi";

/** The 10 recovery codes, shown once after enrolment or after asking for new ones. */
function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" maw={480}>
      {/* The title in the body: the yellow title colour is below 4.5:1 on its background. */}
      <Alert color="yellow" c="dark.9">
        <Text fw={700} size="sm">
          {t("security.recovery.title")}
        </Text>
        <Text size="sm">{t("security.recovery.saveNow")}</Text>
      </Alert>
      <List aria-label={t("security.recovery.listLabel")} spacing={2}>
        {codes.map((code) => (
          <List.Item key={code}>
            <Code translate="no" fz="md">
              {code}
            </Code>
          </List.Item>
        ))}
      </List>
      <Button onClick={onDone} style={{ alignSelf: "flex-start" }}>
        {t("security.recovery.saved")}
      </Button>
    </Stack>
  );
}

/** A 6-digit code field with its own submit button. */
function CodeForm({
  label,
  submitLabel,
  pending,
  onSubmit,
}: {
  label: string;
  submitLabel: string;
  pending: boolean;
  onSubmit: (code: string) => void;
}) {
  const { t } = useTranslation();
  const [code, setCode] = useState("");
  const [error, setError] = useState<string>();
  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = requiredError(code, t);
    setError(found);
    if (found === undefined) onSubmit(code.trim());
  };
  return (
    <form onSubmit={submit} noValidate>
      <Group align="flex-end" gap="sm">
        <TextInput
          label={label}
          autoComplete="one-time-code"
          inputMode="numeric"
          required
          value={code}
          onChange={(event) => {
            setCode(event.currentTarget.value);
          }}
          error={error}
          w={200}
        />
        <Button type="submit" loading={pending}>
          {submitLabel}
        </Button>
      </Group>
    </form>
  );
}

/** Enrolment: the QR code and the secret, then a code from the app confirms them. */
function Enrolment({
  withPassword,
  onCancel,
  onCodes,
}: {
  /** Moving to a new phone: the password is asked for first. */
  withPassword: boolean;
  onCancel?: () => void;
  onCodes: (codes: string[]) => void;
}) {
  const { t } = useTranslation();
  const setup = useStartTwoFactorSetup();
  const confirm = useConfirmTwoFactor();
  const [password, setPassword] = useState("");
  const [passwordError, setPasswordError] = useState<string>();

  if (!setup.data) {
    const start = (event: SubmitEvent<HTMLFormElement>) => {
      event.preventDefault();
      if (withPassword) {
        const found = requiredError(password, t);
        setPasswordError(found);
        if (found !== undefined) return;
        setup.mutate({ password });
      } else setup.mutate({});
    };
    return (
      <form onSubmit={start} noValidate>
        <Stack gap="sm" maw={480}>
          {setup.isError && <ErrorAlert error={setup.error} />}
          {withPassword && (
            <PasswordField
              label={t("auth.password")}
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => {
                setPassword(event.currentTarget.value);
              }}
              error={passwordError}
            />
          )}
          <Group gap="xs">
            <Button type="submit" loading={setup.isPending}>
              {withPassword ? t("security.twoFactor.startNewPhone") : t("security.twoFactor.start")}
            </Button>
            {onCancel && (
              <Button variant="default" onClick={onCancel}>
                {t("common.cancel")}
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    );
  }

  return (
    <Stack gap="sm">
      <Text>{t("security.twoFactor.scan")}</Text>
      <Image
        src={setup.data.qrCode}
        alt={t("security.twoFactor.qrAlt")}
        w={200}
        h={200}
        fit="contain"
        bg="white"
      />
      <Box>
        <Text size="sm">{t("security.twoFactor.typeInstead")}</Text>
        <CopyValue value={setup.data.secret} what={t("security.twoFactor.secret")}>
          <Code fz="md" data-testid="totp-secret">
            {setup.data.secret.replace(/(.{4})/g, "$1 ").trim()}
          </Code>
        </CopyValue>
      </Box>
      {confirm.isError && <ErrorAlert error={confirm.error} />}
      <CodeForm
        label={t("security.twoFactor.code")}
        submitLabel={t("security.twoFactor.confirm")}
        pending={confirm.isPending}
        onSubmit={(code) => {
          confirm.mutate(code, {
            onSuccess: (result) => {
              onCodes(result.recoveryCodes);
            },
          });
        }}
      />
    </Stack>
  );
}

/** The two-factor part: status, enrolment, recovery codes, turning it off. */
function TwoFactorSection({ first }: { first: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const status = useTwoFactorStatus();
  const done = useTwoFactorDone();
  const newCodes = useNewRecoveryCodes();
  const disable = useDisableTwoFactor();
  const [codes, setCodes] = useState<string[] | null>(null);
  const [mode, setMode] = useState<"view" | "newPhone" | "disable">("view");
  const [password, setPassword] = useState("");
  const [passwordError, setPasswordError] = useState<string>();

  return (
    <Section title={t("security.twoFactor.title")} first={first}>
      <QueryContent query={status}>
        {(s) => {
          if (codes !== null) {
            return (
              <RecoveryCodes
                codes={codes}
                onDone={() => {
                  setCodes(null);
                  setMode("view");
                  newCodes.reset();
                  void done();
                }}
              />
            );
          }
          if (!s.enabled) {
            return (
              <Stack gap="sm">
                <Text>
                  {s.required ? t("security.twoFactor.requiredOff") : t("security.twoFactor.off")}
                </Text>
                <Enrolment withPassword={false} onCodes={setCodes} />
              </Stack>
            );
          }
          if (mode === "newPhone") {
            return (
              <Enrolment
                withPassword
                onCancel={() => {
                  setMode("view");
                }}
                onCodes={setCodes}
              />
            );
          }
          const turnOff = (event: SubmitEvent<HTMLFormElement>) => {
            event.preventDefault();
            const found = requiredError(password, t);
            setPasswordError(found);
            if (found === undefined) disable.mutate({ password });
          };
          return (
            <Stack gap="sm">
              <Text>
                {t("security.twoFactor.on", {
                  date: s.enabledAt ? format.dateTime(s.enabledAt) : "",
                })}{" "}
                {t("security.twoFactor.codesLeft", { count: s.recoveryCodesLeft })}
              </Text>
              {s.required && <Text c="dimmed">{t("security.twoFactor.requiredOn")}</Text>}
              {newCodes.isError && <ErrorAlert error={newCodes.error} />}
              <CodeForm
                label={t("security.twoFactor.code")}
                submitLabel={t("security.recovery.new")}
                pending={newCodes.isPending}
                onSubmit={(code) => {
                  newCodes.mutate(code, {
                    onSuccess: (result) => {
                      setCodes(result.recoveryCodes);
                    },
                  });
                }}
              />
              <Group gap="xs">
                <Button
                  variant="default"
                  onClick={() => {
                    setMode("newPhone");
                  }}
                >
                  {t("security.twoFactor.newPhone")}
                </Button>
                {!s.required && mode !== "disable" && (
                  <Button
                    variant="default"
                    color="red"
                    onClick={() => {
                      setMode("disable");
                    }}
                  >
                    {t("security.twoFactor.turnOff")}
                  </Button>
                )}
              </Group>
              {mode === "disable" && (
                <form onSubmit={turnOff} noValidate aria-label={t("security.twoFactor.turnOff")}>
                  <Stack gap="sm" maw={480}>
                    {disable.isError && <ErrorAlert error={disable.error} />}
                    <PasswordField
                      label={t("auth.password")}
                      autoComplete="current-password"
                      required
                      value={password}
                      onChange={(event) => {
                        setPassword(event.currentTarget.value);
                      }}
                      error={passwordError}
                    />
                    <Group gap="xs">
                      <Button type="submit" color="red" loading={disable.isPending}>
                        {t("security.twoFactor.turnOffConfirm")}
                      </Button>
                      <Button
                        variant="default"
                        onClick={() => {
                          setMode("view");
                          setPassword("");
                          disable.reset();
                        }}
                      >
                        {t("common.cancel")}
                      </Button>
                    </Group>
                  </Stack>
                </form>
              )}
            </Stack>
          );
        }}
      </QueryContent>
    </Section>
  );
}

type SessionRow = {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  ip: string | null;
  device: string;
  current: boolean;
};

/** The user's sessions, each with a log-out button, and "log out other sessions". */
function SessionsSection() {
  const { t } = useTranslation();
  const format = useFormat();
  const sessions = useMySessions();
  const end = useEndSession();
  const endOthers = useEndOtherSessions();
  const logout = useLogout();

  const columns: Column<SessionRow>[] = [
    {
      header: t("security.sessions.device"),
      cell: (s) => (
        <Group gap="xs" component="span">
          <span>{s.device}</span>
          {s.current && <Badge variant="light">{t("security.sessions.current")}</Badge>}
        </Group>
      ),
    },
    { header: t("security.sessions.ip"), cell: (s) => s.ip ?? "–", nowrap: true },
    {
      header: t("security.sessions.created"),
      cell: (s) => format.dateTime(s.createdAt),
      nowrap: true,
    },
    {
      header: t("security.sessions.lastSeen"),
      cell: (s) => format.dateTime(s.lastSeenAt),
      nowrap: true,
    },
    {
      header: t("security.sessions.actions"),
      cell: (s) => (
        <Button
          size="compact-sm"
          variant="default"
          loading={end.isPending && end.variables === s.id}
          aria-label={t("security.sessions.logOutOne", { device: s.device })}
          onClick={() => {
            if (s.current) logout.mutate();
            else end.mutate(s.id);
          }}
        >
          {t("security.sessions.logOut")}
        </Button>
      ),
    },
  ];

  return (
    <Section title={t("security.sessions.title")}>
      <QueryContent query={sessions}>
        {(data) => (
          <Stack gap="sm">
            {end.isError && <ErrorAlert error={end.error} />}
            {endOthers.isError && <ErrorAlert error={endOthers.error} />}
            {endOthers.isSuccess && (
              <Alert color="green" role="status">
                {t("security.sessions.othersClosed", { count: endOthers.data.closed })}
              </Alert>
            )}
            <ResponsiveTable
              label={t("security.sessions.tableLabel")}
              rows={data.items}
              rowKey={(s) => s.id}
              columns={columns}
            />
            {data.items.some((s) => !s.current) && (
              <Button
                variant="default"
                style={{ alignSelf: "flex-start" }}
                loading={endOthers.isPending}
                onClick={() => {
                  endOthers.mutate();
                }}
              >
                {t("security.sessions.logOutOthers")}
              </Button>
            )}
          </Stack>
        )}
      </QueryContent>
    </Section>
  );
}

/** Changing the login e-mail: the link goes to the new address. */
function EmailSection({ email }: { email: string }) {
  const { t } = useTranslation();
  const change = useRequestEmailChange();
  const [newEmail, setNewEmail] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<{ newEmail?: string; password?: string }>({});
  const [sentTo, setSentTo] = useState<string | null>(null);

  const submit = (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = { newEmail: emailError(newEmail, t), password: requiredError(password, t) };
    setErrors(found);
    if (found.newEmail !== undefined || found.password !== undefined) return;
    const address = newEmail.trim();
    change.mutate(
      { newEmail: address, password },
      {
        onSuccess: () => {
          setSentTo(address);
          setNewEmail("");
          setPassword("");
        },
      },
    );
  };

  return (
    <Section title={t("security.email.title")}>
      <form onSubmit={submit} noValidate aria-label={t("security.email.title")}>
        <Stack gap="sm" maw={480}>
          <Text>{t("security.email.current", { email })}</Text>
          {sentTo !== null && (
            <Alert color="green" role="status">
              {t("security.email.sent", { email: sentTo })}
            </Alert>
          )}
          {change.isError && <ErrorAlert error={change.error} />}
          <TextInput
            label={t("security.email.new")}
            type="email"
            autoComplete="email"
            required
            value={newEmail}
            onChange={(event) => {
              setNewEmail(event.currentTarget.value);
              setSentTo(null);
            }}
            error={errors.newEmail}
          />
          <PasswordField
            label={t("auth.password")}
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => {
              setPassword(event.currentTarget.value);
            }}
            error={errors.password}
          />
          <Button type="submit" loading={change.isPending} style={{ alignSelf: "flex-start" }}>
            {t("security.email.submit")}
          </Button>
        </Stack>
      </form>
    </Section>
  );
}

/**
 * /profile/security — the login's own security: two-factor login, sessions, login e-mail and
 * password. Staff who must turn on two-factor first are sent here and see only that part.
 */
export function SecurityPage() {
  const { t } = useTranslation();
  const { data } = useSession();
  if (!data) return null;
  const mustEnrol = data.user.twoFactorSetupRequired;
  return (
    <>
      <PageTitle>{t("security.title")}</PageTitle>
      {!mustEnrol && !data.user.isStaff && <ProfileNav />}
      {mustEnrol && (
        <Alert color="blue" title={t("security.mustEnrol.title")} mb="md">
          {t("security.mustEnrol.text")}
        </Alert>
      )}
      <TwoFactorSection first />
      {!mustEnrol && (
        <>
          <SessionsSection />
          <EmailSection email={data.user.email} />
          <Section title={t("passwordChange.title")}>
            <PasswordForm />
          </Section>
        </>
      )}
    </>
  );
}
