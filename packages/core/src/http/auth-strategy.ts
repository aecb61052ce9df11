/**
 * How a client proves who it is. The transport asks for a header before each attempt and tells the
 * strategy when the server rejected it, so token-based strategies can refresh once and replay.
 * @public
 */
export interface AuthStrategy {
  readonly kind: 'none' | 'basic' | 'bearer' | 'oauth2-client-credentials';
  /**
   * A non-secret identity of the account (user name, client id, or a short hash of a token). Rate-limit
   * budgets are keyed by it, so two clients for the same account share one budget.
   */
  readonly accountKey: string;
  /** The `Authorization` header value for the next attempt (`undefined` sends none). */
  authorize(signal?: AbortSignal): Promise<string | undefined>;
  /**
   * The server rejected `header` as unauthenticated. Returns true when a replay can help (a new token can
   * be fetched); static credentials return false, so the 401 surfaces at once.
   */
  invalidate(header: string | undefined): boolean;
  /** Every secret value this strategy knows (credentials and issued tokens), to scrub from any output. */
  secrets(): readonly string[];
}
