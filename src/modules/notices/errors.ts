import { AppError, errors } from "../../platform/errors.ts";
import type { ContentProblem } from "./domain/notice.ts";

/**
 * The notices module's error codes: `notices.title_required`, `notices.ends_before_start`,
 * `notices.no_target`, `notices.unknown_product`, `notices.unknown_server` (400),
 * `notices.closed`, `notices.not_published` (409), and `not_found`.
 */
export const noticeErrors = {
  notFound: () => errors.notFound("notice"),
  /** The first problem names the code; every problem is listed with its field. */
  invalid: (problems: readonly ContentProblem[]) =>
    new AppError(problems[0]!.code, 400, `The notice is not valid: ${problems[0]!.message}.`, {
      errors: problems.map((p) => ({ path: p.path, message: p.message })),
    }),
  unknownProducts: (indexes: readonly number[], ids: readonly string[]) =>
    new AppError("notices.unknown_product", 400, `There is no product ${ids.join(", ")}.`, {
      errors: indexes.map((i) => ({
        path: `body.target.productIds.${i}`,
        message: "unknown product",
      })),
    }),
  unknownServers: (indexes: readonly number[], names: readonly string[]) =>
    new AppError(
      "notices.unknown_server",
      400,
      `No service is on server ${names.join(", ")}, and no product provisions there.`,
      {
        errors: indexes.map((i) => ({
          path: `body.target.servers.${i}`,
          message: "unknown server",
        })),
      },
    ),
  refused: (code: string, action: string, status: string) =>
    new AppError(code, 409, `A ${status} notice cannot be ${action}.`),
};
