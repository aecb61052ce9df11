/**
 * A deploy's `user_reference` holds the caller's message and, at its end, the idempotency key (issue 15): read
 * apart, the message is the caller's and the key is the whole trailing mark, whatever the message says.
 */
import { withIdempotencyKey } from '@omnihost/core';
import { describe, expect, it } from 'vitest';
import { carriesKey, splitUserReference } from '../../src/services/deploy-messages.js';

describe('splitUserReference', () => {
  it('reads the message and the key that ends the text', () => {
    expect(splitUserReference(withIdempotencyKey('release 2.4.0', 'run-7'))).toEqual({
      message: 'release 2.4.0',
      key: 'run-7',
    });
    expect(splitUserReference(withIdempotencyKey(undefined, 'run-7'))).toEqual({ message: undefined, key: 'run-7' });
  });

  it('reads a key ending in ".", ":" or "-" whole (core’s reader stops short of it)', () => {
    for (const key of ['run-7:', 'a.b.', 'x-']) {
      expect(splitUserReference(withIdempotencyKey('note', key))).toEqual({ message: 'note', key });
      expect(carriesKey(withIdempotencyKey('note', key), key)).toBe(true);
    }
  });

  it('keeps a message that mentions a mark itself; only the trailing mark is the key', () => {
    const text = withIdempotencyKey('retry of omnihost:old-run', 'new-run');
    expect(splitUserReference(text)).toEqual({ message: 'retry of omnihost:old-run', key: 'new-run' });
    expect(carriesKey(text, 'old-run')).toBe(false);
  });

  it('reads a reference without a key (the web UI, older deploys) as all message', () => {
    expect(splitUserReference('my-useful-id')).toEqual({ message: 'my-useful-id', key: undefined });
    expect(splitUserReference('see omnihost:x and more')).toEqual({
      message: 'see omnihost:x and more',
      key: undefined,
    });
    expect(splitUserReference('xomnihost:abc')).toEqual({ message: 'xomnihost:abc', key: undefined });
    expect(splitUserReference(undefined)).toEqual({ message: undefined, key: undefined });
    expect(carriesKey('my-useful-id', 'my-useful-id')).toBe(false);
  });
});
