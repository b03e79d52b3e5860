import type { RequestReport } from '@shared/request-report.ts';

/**
 * Tells the page about every request this worker makes (fetches of models, taxonomies,
 * wasm kernels, module imports), so the privacy indicator counts them too.
 */
export function reportRequestsToPage(): void {
  if (typeof PerformanceObserver === 'undefined') return;
  new PerformanceObserver((list) => {
    const report: RequestReport = {
      shelfwiseRequests: list.getEntries().map((entry) => entry.name),
    };
    if (report.shelfwiseRequests.length > 0) self.postMessage(report);
  }).observe({ type: 'resource', buffered: true });
}
