import { DEFAULT_LANG, hasKey, type Lang, render, type Text } from "../../core/i18n";

/**
 * RFC 9457 problem details: every error edgegrad returns is `application/problem+json` with
 * `type`, `title`, `status`, `detail` and `errors: [{pointer, message}]` naming the offending
 * field as a JSON Pointer (RFC 6901). Route code throws `Problem`; `app.onError` serialises it
 * in the request's language: a detail or field message may be plain text or catalogue messages
 * (core/i18n `text(...)`), rendered then.
 */
export type Message = string | Text | readonly Text[];

export interface FieldError {
  pointer: string;
  message: Message;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors: FieldError[];
  [extra: string]: unknown;
}

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
  /** The detail in any language (`message` holds it in English). */
  readonly detail: Message;
  /** Text before the detail in every language (a field's pointer). */
  readonly prefix: string;
  readonly errors: FieldError[];
  readonly headers: Record<string, string>;
  readonly extra: Record<string, unknown>;

  constructor(
    status: number,
    detail: Message,
    opts: {
      errors?: FieldError[];
      headers?: Record<string, string>;
      extra?: Record<string, unknown>;
      prefix?: string;
    } = {},
  ) {
    super((opts.prefix ?? "") + render("en", detail));
    this.name = "Problem";
    this.status = status;
    this.detail = detail;
    this.prefix = opts.prefix ?? "";
    this.errors = opts.errors ?? [];
    this.headers = opts.headers ?? {};
    this.extra = opts.extra ?? {};
  }

  /** A 422 about one field: `Problem.field("/x", "must be a vector")`. */
  static field(pointer: string, message: Message, status = 422): Problem {
    return new Problem(status, message, { errors: [{ pointer, message }], prefix: `${pointer || "body"}: ` });
  }

  body(lang: Lang = DEFAULT_LANG): ProblemBody {
    return {
      type: TYPES[this.status] ?? "about:blank",
      title: render(lang, {
        key: hasKey(`title.${this.status}`) ? (`title.${this.status}` as "title.500") : "title.error",
      }),
      status: this.status,
      detail: this.prefix + render(lang, this.detail),
      errors: this.errors.map((e) => ({ pointer: e.pointer, message: render(lang, e.message) })),
      ...this.extra,
    };
  }

  toResponse(lang: Lang = DEFAULT_LANG): Response {
    return new Response(JSON.stringify(this.body(lang)), {
      status: this.status,
      headers: { "content-type": "application/problem+json", "content-language": lang, ...this.headers },
    });
  }
}

/** JSON Pointer for a path of keys and indexes (RFC 6901 escaping of ~ and /). */
export function pointer(path: readonly PropertyKey[]): string {
  return path.map((p) => "/" + String(p).replace(/~/g, "~0").replace(/\//g, "~1")).join("");
}
