import { describe, expect, it } from 'vitest';
import { cancelWithDeadline } from '../../src/common/cancel-deadline.ts';

const after = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const never = () => new Promise<never>(() => undefined);

function deps() {
  const calls = { cancel: 0, terminate: 0 };
  return {
    calls,
    cancel: () => void (calls.cancel += 1),
    terminate: () => void (calls.terminate += 1),
  };
}

describe('cancelWithDeadline', () => {
  it('leaves a worker alone that stops in time', async () => {
    const { calls, cancel, terminate } = deps();
    const outcome = await cancelWithDeadline(after(5), cancel, terminate, { graceMs: 50 });
    expect(outcome).toBe('cancelled');
    expect(calls).toEqual({ cancel: 1, terminate: 0 });
  });

  it('terminates a worker that neither stops nor answers', async () => {
    const { calls, cancel, terminate } = deps();
    const outcome = await cancelWithDeadline(never(), cancel, terminate, {
      graceMs: 20,
      ping: never,
      pingMs: 20,
    });
    expect(outcome).toBe('terminated');
    expect(calls.terminate).toBe(1);
  });

  it('waits for a worker that still answers while it saves its work', async () => {
    const { calls, cancel, terminate } = deps();
    // Stops after five grace periods; a terminate at the first one would lose the model.
    const outcome = await cancelWithDeadline(after(100), cancel, terminate, {
      graceMs: 20,
      ping: () => Promise.resolve(0),
      pingMs: 20,
    });
    expect(outcome).toBe('cancelled');
    expect(calls.terminate).toBe(0);
  });

  it('ends a job that answers but never stops, once the longest wait is over', async () => {
    const { calls, cancel, terminate } = deps();
    const outcome = await cancelWithDeadline(never(), cancel, terminate, {
      graceMs: 20,
      ping: () => Promise.resolve(0),
      maxWaitMs: 70,
    });
    expect(outcome).toBe('terminated');
    expect(calls.terminate).toBe(1);
  });
});
