import { expect, it } from 'vitest';
import { describeWithShared, sharedPath } from '../../../../test/support/shared-reference.js';
import type { ExchangeLog } from './exchange-log.js';
import { AcquiaSpecValidator, loadAcquiaSpec, type Violation } from './spec-validator.js';

/** Counts of one fidelity run, printed for the "done when" figures. */
export interface FidelityCounts {
  requests: number;
  responses: number;
  /** Exchanges with the OAuth token endpoint (not part of the API spec; not counted above). */
  tokenExchanges: number;
  /** Responses whose status the operation does not declare (429, injected 5xx, expired-token 403s). */
  undeclaredStatus: number;
  /** Requests the simulator reset before answering. */
  resets: number;
  /** Responses broken on purpose that the check caught. */
  expectedViolationsCaught: number;
  operations: Set<string>;
}

let cached: AcquiaSpecValidator | undefined;

/** The validator over the reference spec (loaded once per test file). Call only inside `describeWithShared`. */
export function specValidator(): AcquiaSpecValidator {
  cached ??= new AcquiaSpecValidator(
    loadAcquiaSpec(sharedPath('specs', 'acquia-cloud-api-v2.json')),
    '/api',
    '/api/auth/oauth/token',
  );
  return cached;
}

/** Checks every exchange of a log; broken-on-purpose responses are matched against the expectations. */
export function checkLog(log: ExchangeLog): { counts: FidelityCounts; violations: Violation[]; unmet: string[] } {
  const validator = specValidator();
  const counts: FidelityCounts = {
    requests: 0,
    responses: 0,
    tokenExchanges: 0,
    undeclaredStatus: 0,
    resets: 0,
    expectedViolationsCaught: 0,
    operations: new Set(),
  };
  const remaining = log.expected.map((expected) => ({ ...expected, left: expected.count }));
  const violations: Violation[] = [];
  for (const exchange of log.exchanges) {
    const result = validator.check(exchange);
    if (result.operation === 'token') {
      counts.tokenExchanges += 1;
      continue;
    }
    counts.operations.add(result.operation);
    const responseBroken = result.violations.length > 0 && result.violations.every((v) => v.side === 'response');
    const expectation = responseBroken ? remaining.find((e) => e.left > 0 && e.matches(exchange)) : undefined;
    if (result.requestChecked) counts.requests += 1;
    if (expectation) {
      expectation.left -= 1;
      counts.expectedViolationsCaught += 1;
      continue;
    }
    if (result.responseChecked) counts.responses += 1;
    else if (exchange.status === undefined) counts.resets += 1;
    if (result.undeclaredStatus) counts.undeclaredStatus += 1;
    violations.push(...result.violations);
  }
  const unmet = remaining.filter((e) => e.left > 0).map((e) => `${e.description}: ${e.left} not flagged`);
  return { counts, violations, unmet };
}

/**
 * Registers, at the end of a test file, the check that every exchange the file's tests made is valid
 * against Acquia's official spec. It runs last because vitest runs a file's suites in order.
 */
export function specFidelitySuite(file: string, log: ExchangeLog): void {
  describeWithShared(`acquia spec fidelity: ${file}`, () => {
    it('every request the adapter sent and every simulator response match the official spec', () => {
      const { counts, violations, unmet } = checkLog(log);
      const report = violations.map((v) => `${v.operation} ${v.side}: ${v.message} [${v.exchange}]`);
      expect(report, 'spec violations').toEqual([]);
      expect(unmet, 'responses broken on purpose that the check did not flag').toEqual([]);
      expect(counts.requests).toBeGreaterThan(0);
      console.info(
        `[acquia fidelity] ${file}: ${counts.requests} requests and ${counts.responses} responses valid against the spec ` +
          `(${counts.operations.size} operations; ${counts.undeclaredStatus} with an undeclared status checked as Acquia errors; ` +
          `${counts.resets} resets; ${counts.tokenExchanges} token exchanges outside the spec; ` +
          `${counts.expectedViolationsCaught} broken-on-purpose responses caught)`,
      );
    });
  });
}
