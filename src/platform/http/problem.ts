import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { AppError, type FieldError } from "../errors.ts";

/** RFC 9457 problem details; `code` is the stable, documented identifier clients branch on. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
}

export function problemOf(error: unknown): Problem {
  if (error instanceof AppError) {
    return {
      type: `https://kapu.dev/problems/${error.code}`,
      title: error.message,
      status: error.status,
      code: error.code,
      detail: error.message,
      ...(error.errors ? { errors: error.errors } : {}),
    };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    return problem(400, "validation_failed", "The request is not valid.", {
      errors: error.validation.map((v) => ({
        path: [error.validationContext, ...v.instancePath.split("/")]
          .filter((p) => p !== undefined && p !== "")
          .join("."),
        message: v.message ?? "invalid",
      })),
    });
  }
  const fe = error as Partial<FastifyError>;
  switch (fe.code) {
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return problem(400, "malformed_body", "The request body is not valid JSON.");
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return problem(415, "unsupported_media_type", "Send the request body as application/json.");
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return problem(413, "payload_too_large", "The request body is too large.");
    case "FST_ERR_VALIDATION":
      return problem(400, "validation_failed", "The request is not valid.");
    case undefined:
    default:
      break;
  }
  if (fe.statusCode === 429) {
    return problem(429, "rate_limited", "Too many requests. Wait a little and try again.");
  }
  if (typeof fe.statusCode === "number" && fe.statusCode >= 400 && fe.statusCode < 500) {
    return problem(fe.statusCode, "bad_request", fe.message ?? "Bad request.");
  }
  return problem(500, "internal_error", "Something went wrong on our side. It has been logged.");
}

function problem(
  status: number,
  code: string,
  title: string,
  extra: Partial<Problem> = {},
): Problem {
  return { type: `https://kapu.dev/problems/${code}`, title, status, code, ...extra };
}

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  error: unknown,
): FastifyReply {
  const body = problemOf(error);
  body.instance = request.url;
  if (body.status >= 500) {
    request.log.error({ err: error }, "request failed");
  } else {
    request.log.info({ code: body.code, status: body.status }, "request refused");
  }
  if (error instanceof AppError && error.headers) reply.headers(error.headers);
  return reply.status(body.status).type("application/problem+json").send(body);
}

export const notFoundProblem = (): Problem =>
  problem(404, "not_found", "There is nothing at this address.");
