/**
 * Workers have their own resource timeline, invisible to the page: each one posts the URLs
 * it fetched to its page in this shape (comlink ignores messages without its own id).
 */
export interface RequestReport {
  shelfwiseRequests: string[];
}

export function isRequestReport(data: unknown): data is RequestReport {
  return (
    typeof data === 'object' &&
    data !== null &&
    Array.isArray((data as Partial<RequestReport>).shelfwiseRequests)
  );
}
