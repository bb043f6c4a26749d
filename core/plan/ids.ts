/**
 * Northflank derives a secret group's id from its name: the create docs answer 409 "There is already a secret
 * with the same derived identifier" (seed 002). The id pattern `^[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*$` is the name
 * pattern `^[a-zA-Z0-9]+((-|\s)[a-zA-Z0-9]+)*$` with spaces turned into hyphens, and ids are lower case:
 * "Example Secret" → "example-secret". (The docs' example answer shows `"id": "example-secret-group"` for the name
 * "Example Secret"; that example is generic, not derived, and we do not follow it.)
 */
export function deriveSecretGroupId(name: string): string {
  return name.trim().toLowerCase().replace(/\s+/g, '-');
}
