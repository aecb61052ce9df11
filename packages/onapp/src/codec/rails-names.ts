/**
 * Rails' `singularize` for the plural names OnApp uses (`virtual_machines`, `ip_addresses`,
 * `service_addon_ids`, `preferred_hvs`, `entries`): enough for the element names of its own documents,
 * not a general English inflector.
 * @internal
 */
export function singular(name: string): string {
  if (name.endsWith('ies') && name.length > 3) return `${name.slice(0, -3)}y`;
  if (/(?:ss|x|ch|sh)es$/.test(name)) return name.slice(0, -2);
  if (name.endsWith('s') && !name.endsWith('ss') && name.length > 1) return name.slice(0, -1);
  return name;
}
