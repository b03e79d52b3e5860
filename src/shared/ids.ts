/**
 * A new id for a stored thing or a job: the prefix says what it is, the time keeps ids in
 * creation order when sorted, and the random tail keeps two made in the same millisecond
 * (two tabs, two workers) apart.
 */
export function newId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
