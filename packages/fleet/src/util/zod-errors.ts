import type { z } from 'zod';

/** `steps[2].waves[0].percent`: a zod path as a person reads it in a JSON file. @internal */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

/**
 * One line per problem, each naming the field it is about (`steps[1].action: ...`); values are never
 * repeated (an accounts file may hold a value that should not be echoed).
 * @internal
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const path = formatPath(issue.path);
    const message =
      issue.code === 'unrecognized_keys'
        ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}`
        : issue.code === 'invalid_type' && /received undefined/.test(issue.message)
          ? 'is required'
          : issue.message;
    return path ? `${path}: ${message}` : message;
  });
}
