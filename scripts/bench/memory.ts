import { execFileSync } from 'node:child_process';

/** Samples resident memory and keeps the peak; for the browser runtime, of the whole process tree. */
export class PeakMemory {
  private peakBytes = 0;
  private readonly timer: NodeJS.Timeout;

  /** With `childrenOnly`, the processes `rootPid` started (a browser it launched), not itself. */
  constructor(
    private readonly rootPid: number = process.pid,
    private readonly childrenOnly = false,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), 200);
  }

  private sample(): void {
    const bytes = this.childrenOnly
      ? treeRss(this.rootPid, false)
      : this.rootPid === process.pid
        ? process.memoryUsage().rss
        : treeRss(this.rootPid);
    this.peakBytes = Math.max(this.peakBytes, bytes);
  }

  /** The peak so far in MiB, sampling going on. */
  peakMb(): number {
    return Math.round(this.peakBytes / 2 ** 20);
  }

  /** Starts a new peak from the current figure, to measure one phase at a time. */
  resetPeak(): void {
    this.peakBytes = 0;
    this.sample();
  }

  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return Math.round(this.peakBytes / 2 ** 20);
  }
}

/** The first child process of `parentPid` whose command matches `command` (a browser it launched). */
export function childPid(parentPid: number, command: RegExp): number | null {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid=,comm='], { encoding: 'utf8' });
  for (const line of table.trim().split('\n')) {
    const [pid, ppid, name = ''] = line.trim().split(/\s+/);
    if (Number(ppid) === parentPid && command.test(name)) return Number(pid);
  }
  return null;
}

function treeRss(rootPid: number, includeRoot = true): number {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid=,rss='], { encoding: 'utf8' });
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const line of table.trim().split('\n')) {
    const [pid, ppid, kb] = line.trim().split(/\s+/).map(Number) as [number, number, number];
    rss.set(pid, kb * 1024);
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  let total = includeRoot ? 0 : -(rss.get(rootPid) ?? 0);
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop() as number;
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}
