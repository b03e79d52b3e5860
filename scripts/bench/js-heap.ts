import type { Browser, CDPSession } from 'playwright-core';

/** JavaScript heap in use, in bytes, of every page and worker of a browser, and its peak. */
export interface HeapFigures {
  currentBytes: number;
  peakBytes: number;
  /** Peak per kind of target ('page', 'worker'), each at its own peak. */
  peakByKind: Record<string, number>;
}

/**
 * Samples `Runtime.getHeapUsage` of the page and of each Web Worker through the browser's
 * DevTools protocol (`performance.memory` does not exist in workers, and the page's own
 * metrics leave them out), keeping the peak of the sum. Chromium only.
 */
export class JsHeapSampler {
  private peakBytes = 0;
  private currentBytes = 0;
  private readonly peakByKind: Record<string, number> = {};
  private readonly replies = new Map<number, (result: { usedSize?: number }) => void>();
  private readonly sessions = new Map<string, { sessionId: string; kind: string }>();
  private nextId = 0;
  private timer: NodeJS.Timeout | null = null;
  private sampling: Promise<void> | null = null;

  private constructor(private readonly cdp: CDPSession) {
    cdp.on('Target.receivedMessageFromTarget', (event) => {
      const message = JSON.parse(event.message) as { id?: number; result?: { usedSize?: number } };
      if (message.id !== undefined) this.replies.get(message.id)?.(message.result ?? {});
    });
  }

  static async start(browser: Browser, everyMs = 250): Promise<JsHeapSampler> {
    const sampler = new JsHeapSampler(await browser.newBrowserCDPSession());
    await sampler.sample();
    sampler.timer = setInterval(() => {
      sampler.sampling ??= sampler
        .sample()
        .then(() => undefined)
        .finally(() => (sampler.sampling = null));
    }, everyMs);
    return sampler;
  }

  private async heapOf(sessionId: string): Promise<number> {
    const id = ++this.nextId;
    const reply = new Promise<{ usedSize?: number }>((resolve) => {
      this.replies.set(id, resolve);
      // A busy worker answers between two of its tasks; one that never does counts as unknown.
      setTimeout(() => resolve({}), 5000);
    });
    await this.cdp.send('Target.sendMessageToTarget', {
      sessionId,
      message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }),
    });
    const result = await reply;
    this.replies.delete(id);
    return result.usedSize ?? 0;
  }

  /** Adds up the heaps of every page and worker now; returns the sum in bytes. */
  async sample(): Promise<number> {
    const { targetInfos } = await this.cdp.send('Target.getTargets');
    const live = targetInfos.filter((t) => t.type === 'page' || t.type === 'worker');
    for (const target of live) {
      if (this.sessions.has(target.targetId)) continue;
      try {
        const { sessionId } = await this.cdp.send('Target.attachToTarget', {
          targetId: target.targetId,
          flatten: false,
        });
        this.sessions.set(target.targetId, { sessionId, kind: target.type });
      } catch {
        // The target closed in between.
      }
    }
    const alive = new Set(live.map((t) => t.targetId));
    let total = 0;
    const byKind: Record<string, number> = {};
    for (const [targetId, { sessionId, kind }] of this.sessions) {
      if (!alive.has(targetId)) {
        this.sessions.delete(targetId);
        continue;
      }
      const used = await this.heapOf(sessionId).catch(() => 0);
      total += used;
      byKind[kind] = (byKind[kind] ?? 0) + used;
    }
    this.currentBytes = total;
    this.peakBytes = Math.max(this.peakBytes, total);
    for (const [kind, used] of Object.entries(byKind))
      this.peakByKind[kind] = Math.max(this.peakByKind[kind] ?? 0, used);
    return total;
  }

  figures(): HeapFigures {
    return {
      currentBytes: this.currentBytes,
      peakBytes: this.peakBytes,
      peakByKind: { ...this.peakByKind },
    };
  }

  /** Resets the peak, to measure one phase at a time. */
  resetPeak(): void {
    this.peakBytes = this.currentBytes;
    for (const kind of Object.keys(this.peakByKind)) delete this.peakByKind[kind];
  }

  async stop(): Promise<HeapFigures> {
    if (this.timer) clearInterval(this.timer);
    await this.sampling;
    await this.sample();
    await this.cdp.detach().catch(() => undefined);
    return this.figures();
  }
}

export const megabytes = (bytes: number): number => Math.round(bytes / 2 ** 20);
