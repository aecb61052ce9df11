/**
 * The prose of an OpenAPI spec: every description, summary and example of several words. The generated
 * clients must carry none of it (only structure: paths, parameters, field names and types).
 */
export function specProse(spec: unknown): Set<string> {
  const texts = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'description' || key === 'summary' || key === 'example') && typeof value === 'string') {
        // Prose: several words. (Single tokens may also be field names, which are structure.)
        if (value.length >= 24 && value.includes(' ')) texts.add(value);
      } else walk(value);
    }
  };
  walk(spec);
  return texts;
}
