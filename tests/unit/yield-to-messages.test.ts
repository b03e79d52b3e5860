import { describe, expect, it } from 'vitest';
import { yieldToMessages } from '../../workers/yield-to-messages.ts';

describe('yieldToMessages', () => {
  it('lets a message queued before it run first, as a Cancel queued during a job would', async () => {
    const order: string[] = [];
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => order.push('cancel');
    port2.postMessage('cancel');
    await yieldToMessages();
    order.push('job resumes');
    port1.close();
    expect(order).toEqual(['cancel', 'job resumes']);
  });
});
