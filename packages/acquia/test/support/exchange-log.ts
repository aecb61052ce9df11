/**
 * What went over the wire between the adapter and the simulator, as the recording proxy saw it. No
 * `Authorization` header is kept: the log holds nothing secret.
 */

/** One request and its response (or the reset that replaced it). */
export interface Exchange {
  readonly method: string;
  /** Path without the query string, as sent. */
  readonly path: string;
  /** The raw query string, without `?`. */
  readonly query: string;
  readonly requestContentType: string | undefined;
  readonly requestBody: string;
  /** Undefined when the connection was reset before a response. */
  readonly status: number | undefined;
  readonly responseContentType: string | undefined;
  readonly responseBody: string | undefined;
}

/**
 * Responses a test broke on purpose (the `malformed` fault): the fidelity check must flag exactly this
 * many on matching paths, which also proves it flags what is wrong.
 */
export interface ExpectedViolation {
  readonly description: string;
  readonly matches: (exchange: Exchange) => boolean;
  readonly count: number;
}

/** The exchanges of one test file. */
export class ExchangeLog {
  readonly exchanges: Exchange[] = [];
  readonly expected: ExpectedViolation[] = [];

  record(exchange: Exchange): void {
    this.exchanges.push(exchange);
  }

  /** Declares responses that were broken on purpose. */
  expectViolations(expected: ExpectedViolation): void {
    this.expected.push(expected);
  }
}
