// Errors from the API: every refusal is an RFC 9457 problem document
// ({type, title, status, detail, errors: [{field, message, code}]}); network failures and bodies
// that are not problems are turned into the same shape so the UI has one thing to show.

export interface FieldProblem {
  field: string;
  message: string;
  code: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly type: string;
  readonly fieldErrors: readonly FieldProblem[];
  /** The problem document as received, for members beyond the standard ones (an import's `result`). */
  readonly body: unknown;

  constructor(init: {
    status: number;
    title: string;
    detail: string;
    type?: string;
    fieldErrors?: readonly FieldProblem[];
    body?: unknown;
  }) {
    super(init.detail || init.title);
    this.name = "ApiError";
    this.status = init.status;
    this.title = init.title;
    this.detail = init.detail;
    this.type = init.type ?? "about:blank";
    this.fieldErrors = init.fieldErrors ?? [];
    this.body = init.body;
  }

  /** The first message the API gave for a field (dotted path, e.g. `password` or `0.date`). */
  messageFor(field: string): string | undefined {
    return this.fieldErrors.find((e) => e.field === field)?.message;
  }

  get isUnauthorized(): boolean {
    return this.status === 401;
  }
}

const STATUS_TITLES: Record<number, string> = {
  400: "Bad request",
  401: "Not signed in",
  403: "Forbidden",
  404: "Not found",
  409: "Conflict",
  422: "Validation failed",
  429: "Too many requests",
  500: "Server error",
  502: "Server unreachable",
  503: "Service unavailable",
  504: "Server timed out",
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function readFieldErrors(value: unknown): FieldProblem[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).map((e) => ({
    field: typeof e.field === "string" ? e.field : "",
    message: typeof e.message === "string" ? e.message : "invalid value",
    code: typeof e.code === "string" ? e.code : "invalid",
  }));
}

/** An `ApiError` from an error response's status and its parsed body (JSON or text). */
export function problemFromResponse(status: number, body: unknown): ApiError {
  const fallbackTitle = STATUS_TITLES[status] ?? `Error ${status}`;
  if (isRecord(body) && typeof body.title === "string") {
    return new ApiError({
      status: typeof body.status === "number" ? body.status : status,
      title: body.title,
      detail: typeof body.detail === "string" ? body.detail : "",
      type: typeof body.type === "string" ? body.type : undefined,
      fieldErrors: readFieldErrors(body.errors),
      body,
    });
  }
  // A proxy's HTML error page or an empty body: say what we know, not the markup.
  const detail =
    status >= 500
      ? "the server could not answer; try again in a moment"
      : typeof body === "string" && body.length > 0 && body.length < 200 && !body.includes("<")
        ? body
        : fallbackTitle;
  return new ApiError({ status, title: fallbackTitle, detail });
}

/** The error for a request that never got an answer (offline, server down, aborted). */
export function problemFromNetworkFailure(cause: unknown): ApiError {
  const aborted = cause instanceof DOMException && cause.name === "AbortError";
  return new ApiError({
    status: 0,
    title: aborted ? "Request cancelled" : "Server unreachable",
    detail: aborted
      ? "the request was cancelled"
      : "the server could not be reached; check that PMS is running and try again",
  });
}

/** Any thrown value as an `ApiError`, so callers can always show title and detail. */
export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof Error) {
    return new ApiError({ status: 0, title: "Something went wrong", detail: error.message });
  }
  return new ApiError({ status: 0, title: "Something went wrong", detail: String(error) });
}

/**
 * Splits a problem's field errors between the fields a form shows and the rest.
 * `fields` maps API field paths to the form's own paths (identity when they match).
 */
export function splitFieldErrors(
  error: ApiError,
  fields: Readonly<Record<string, string>>,
): { byField: Record<string, string>; unmatched: FieldProblem[] } {
  const byField: Record<string, string> = {};
  const unmatched: FieldProblem[] = [];
  for (const problem of error.fieldErrors) {
    const formField = fields[problem.field];
    if (formField === undefined) {
      unmatched.push(problem);
    } else if (byField[formField] === undefined) {
      byField[formField] = problem.message;
    }
  }
  return { byField, unmatched };
}
