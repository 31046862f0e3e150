/** RFC 9457 problem details as the Kapu API sends them. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  errors?: { path: string; message: string }[];
}

function isFieldError(value: unknown): value is { path: string; message: string } {
  return (
    typeof value === "object" &&
    value !== null &&
    "path" in value &&
    typeof value.path === "string" &&
    "message" in value &&
    typeof value.message === "string"
  );
}

function toProblem(body: unknown, status: number): Problem | null {
  if (typeof body !== "object" || body === null) return null;
  if (!("title" in body) || typeof body.title !== "string") return null;
  return {
    type: "type" in body && typeof body.type === "string" ? body.type : "about:blank",
    title: body.title,
    status: "status" in body && typeof body.status === "number" ? body.status : status,
    code: "code" in body && typeof body.code === "string" ? body.code : "",
    ...("detail" in body && typeof body.detail === "string" ? { detail: body.detail } : {}),
    ...("errors" in body && Array.isArray(body.errors)
      ? { errors: body.errors.filter(isFieldError) }
      : {}),
  };
}

/** A non-2xx answer from the API; `problem` is null when the body was not problem+json. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | null;

  constructor(status: number, body: unknown) {
    const problem = toProblem(body, status);
    super(problem?.title ?? `HTTP ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
  }
}

/** What an openapi-fetch call resolves to: `data` on success, `error` otherwise. */
interface ApiResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** The `data` type of the success member of an openapi-fetch result union. */
type SuccessData<R> = R extends { data: infer D } ? D : never;

/** Awaits an openapi-fetch call: resolves with the body of a 2xx answer, throws ApiError otherwise. */
export async function unwrap<R extends ApiResult>(call: Promise<R>): Promise<SuccessData<R>> {
  const result = await call;
  if (!result.response.ok) throw new ApiError(result.response.status, result.error);
  // openapi-fetch puts the parsed body of every 2xx answer in `data`.
  return result.data as SuccessData<R>;
}
