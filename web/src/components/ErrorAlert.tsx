import { Alert, List, Text } from "@mantine/core";
import type { ParseKeys, TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { ApiError, type Problem } from "../api/problem";

interface ErrorText {
  title: string;
  detail?: string;
  fieldErrors?: { path: string; message: string }[];
}

/** The server's own explanation of a problem: `detail` when it sends one, else its title. */
function serverMessage(problem: Problem): string {
  return problem.detail ?? problem.title;
}

function describeError(
  error: unknown,
  t: TFunction,
  hasKey: (key: string) => boolean,
  withServerMessage: boolean,
): ErrorText {
  if (error instanceof ApiError) {
    const problem = error.problem;
    const key = `errors.${problem?.code ?? ""}`;
    if (problem?.code && hasKey(key)) {
      const title = t(key as ParseKeys);
      // The server's text names the specifics (which line, which date, which country).
      const detail = withServerMessage ? serverMessage(problem) : undefined;
      return {
        title,
        ...(detail !== undefined && detail !== title ? { detail } : {}),
        fieldErrors: problem.errors,
      };
    }
    if (error.status === 404) return { title: t("errors.not_found") };
    if (error.status === 403) return { title: t("errors.forbidden") };
    if (problem !== null) {
      return { title: problem.title, detail: problem.detail, fieldErrors: problem.errors };
    }
    return { title: t("errors.http", { status: error.status }) };
  }
  // fetch() rejects with a TypeError when the server cannot be reached at all.
  if (error instanceof TypeError) return { title: t("errors.network") };
  return { title: t("errors.unexpected") };
}

/**
 * Shows an API or network error; problem+json answers are localized by `code` when we can.
 * The message is the alert's body, not its title: a title would become the alert's accessible
 * name, and "Wrong email address or password" must not be found when looking for the field
 * labelled "Password".
 *
 * `withServerMessage`: under a localized title, also show what the server said (forms whose
 * errors name specifics, such as "Line 2: only 1 is left to credit").
 */
export function ErrorAlert({
  error,
  withServerMessage = false,
}: {
  error: unknown;
  withServerMessage?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const { title, detail, fieldErrors } = describeError(
    error,
    t,
    (key) => i18n.exists(key),
    withServerMessage,
  );
  return (
    <Alert color="red" mb="md">
      <Text fw={700} size="sm">
        {title}
      </Text>
      {detail !== undefined && <Text size="sm">{detail}</Text>}
      {fieldErrors !== undefined && fieldErrors.length > 0 && (
        <List size="sm" mt="xs">
          {fieldErrors.map((fieldError) => (
            <List.Item key={`${fieldError.path}:${fieldError.message}`}>
              {fieldError.path === ""
                ? fieldError.message
                : `${fieldError.path}: ${fieldError.message}`}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}

/**
 * The field errors of a problem+json answer by field path, without the "body." prefix that
 * request validation adds: "lines.0.quantity" → "more than is left on the invoice".
 */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || error.problem?.errors === undefined) return {};
  const found: Record<string, string> = {};
  for (const { path, message } of error.problem.errors) {
    found[path.replace(/^body\./, "")] ??= message;
  }
  return found;
}
