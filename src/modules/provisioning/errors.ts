import { AppError, errors } from "../../platform/errors.ts";
import type { StaffAction, TaskStatus } from "./domain/tasks.ts";

/** The provisioning module's error codes. */
export const provisioningErrors = {
  taskNotFound: () => errors.notFound("provisioning task"),
  serviceNotFound: () => errors.notFound("service"),
  productNotFound: () => errors.notFound("product"),
  refused: (code: string, action: StaffAction, status: TaskStatus) =>
    new AppError(code, 409, `A ${status} provisioning task cannot be ${REFUSED_VERB[action]}.`),
  unknownModule: (name: string, known: readonly string[]) =>
    new AppError(
      "provisioning.unknown_module",
      422,
      `There is no provisioning module named ${name} (known: ${known.join(", ")}).`,
      { errors: [{ path: "body.module", message: "unknown module" }] },
    ),
  invalidSettings: (problem: string) =>
    new AppError(
      "provisioning.invalid_settings",
      422,
      `The provisioning settings are not valid: ${problem}`,
      {
        errors: [{ path: "body.settings", message: problem }],
      },
    ),
};

const REFUSED_VERB: Record<StaffAction, string> = {
  retry: "retried",
  complete: "completed by hand",
  cancel: "cancelled",
};
