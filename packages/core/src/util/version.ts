/**
 * The version of `@omnihost/core`, sent in `User-Agent: omnihost/<version>`.
 * Kept equal to package.json by a test (`registry.test.ts`).
 * @public
 */
export const VERSION = '0.1.0';
