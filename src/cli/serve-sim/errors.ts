/**
 * Errors as vLLM's OpenAI-compatible server writes them (`{"error": {message, type, param, code}}`,
 * the shape of vLLM ≥ 0.10; older versions put the same fields at the top level).
 */

/** A request the server refuses: becomes an HTTP status and a vLLM-style error body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type = status === 404 ? 'NotFoundError' : 'BadRequestError',
    readonly param: string | null = null,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The JSON body of an error response. */
export function errorBody(status: number, message: string, type: string, param: string | null = null): object {
  return { error: { message, type, param, code: status } };
}

/** A 400 naming the request field at fault. */
export function badField(param: string, message: string): HttpError {
  return new HttpError(400, message, 'BadRequestError', param);
}
