/** An answer other than 2xx, with what the client needs to fix its request. */
export class HttpError extends Error {
  constructor(
    /** The HTTP status to answer with. */
    readonly status: number,
    message: string,
    /** Extra JSON fields, e.g. the zod `issues`. */
    readonly body: Record<string, unknown> = {},
    /** Extra response headers, e.g. `Retry-After`. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}
