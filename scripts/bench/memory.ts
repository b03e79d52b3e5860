import { execFileSync } from 'node:child_process';

/** Samples resident memory and keeps the peak; for the browser runtime, of the whole process tree. */
export class PeakMemory {
  private peakBytes = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly rootPid: number = process.pid) {
    this.sample();
    this.timer = setInterval(() => this.sample(), 200);
  }

  private sample(): void {
    this.peakBytes = Math.max(
      this.peakBytes,
      this.rootPid === process.pid ? process.memoryUsage().rss : treeRss(this.rootPid),
    );
  }

  stop(): number {
    clearInterval(this.timer);
    this.sample();
    return Math.round(this.peakBytes / 2 ** 20);
  }
}

function treeRss(rootPid: number): number {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid=,rss='], { encoding: 'utf8' });
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const line of table.trim().split('\n')) {
    const [pid, ppid, kb] = line.trim().split(/\s+/).map(Number) as [number, number, number];
    rss.set(pid, kb * 1024);
    children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop() as number;
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}
