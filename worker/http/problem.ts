/**
 * RFC 9457 problem details: every error edgegrad returns is `application/problem+json` with
 * `type`, `title`, `status`, `detail` and `errors: [{pointer, message}]` naming the offending
 * field as a JSON Pointer (RFC 6901). Route code throws `Problem`; `app.onError` serialises it.
 */
export interface FieldError {
  pointer: string;
  message: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors: FieldError[];
  [extra: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

/** Stable, documented problem types (relative URIs resolve against the service). */
const TYPES: Record<number, string> = {
  400: "/problems/malformed-request",
  401: "/problems/unauthorized",
  403: "/problems/writes-disabled",
  404: "/problems/not-found",
  405: "/problems/method-not-allowed",
  409: "/problems/conflict",
  413: "/problems/too-large",
  415: "/problems/unsupported-media-type",
  422: "/problems/invalid-input",
  429: "/problems/rate-limited",
  500: "/problems/internal",
  503: "/problems/unavailable",
};

export class Problem extends Error {
  readonly status: number;
  readonly errors: FieldError[];
  readonly headers: Record<string, string>;
  readonly extra: Record<string, unknown>;

  constructor(
    status: number,
    detail: string,
    opts: { errors?: FieldError[]; headers?: Record<string, string>; extra?: Record<string, unknown> } = {},
  ) {
    super(detail);
    this.name = "Problem";
    this.status = status;
    this.errors = opts.errors ?? [];
    this.headers = opts.headers ?? {};
    this.extra = opts.extra ?? {};
  }

  /** A 422 about one field: `Problem.field("/x", "must be a vector")`. */
  static field(pointer: string, message: string, status = 422): Problem {
    return new Problem(status, `${pointer || "body"}: ${message}`, { errors: [{ pointer, message }] });
  }

  body(): ProblemBody {
    return {
      type: TYPES[this.status] ?? "about:blank",
      title: TITLES[this.status] ?? "Error",
      status: this.status,
      detail: this.message,
      errors: this.errors,
      ...this.extra,
    };
  }

  toResponse(): Response {
    return new Response(JSON.stringify(this.body()), {
      status: this.status,
      headers: { "content-type": "application/problem+json", ...this.headers },
    });
  }
}

/** JSON Pointer for a path of keys and indexes (RFC 6901 escaping of ~ and /). */
export function pointer(path: readonly PropertyKey[]): string {
  return path.map((p) => "/" + String(p).replace(/~/g, "~0").replace(/\//g, "~1")).join("");
}
