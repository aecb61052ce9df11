/** Cloud 66 timestamps: ISO 8601 in `*_iso` fields, Rails' `2014-08-14 00:38:14 UTC` in plain stack dates. */
import { describe, expect, it } from 'vitest';
import { parseCloud66Date } from '../../src/index.js';

describe('dates', () => {
  it('reads ISO and Rails "UTC" dates, and nothing else', () => {
    expect(parseCloud66Date('2014-08-14 00:38:14 UTC')?.toISOString()).toBe('2014-08-14T00:38:14.000Z');
    expect(parseCloud66Date('2014-08-14T01:46:53+00:00')?.toISOString()).toBe('2014-08-14T01:46:53.000Z');
    expect(parseCloud66Date('yesterday')).toBeUndefined();
    expect(parseCloud66Date(null)).toBeUndefined();
  });
});
