/**
 * Lets the messages queued for this worker (a Cancel) run, then resumes the job. A message
 * through a fresh channel rather than `setTimeout(0)`: browsers hold nested timers back to 4 ms,
 * so a job that yielded every 50 ms that way lost about 8% of its time waiting.
 */
export function yieldToMessages(): Promise<void> {
  if (typeof MessageChannel !== 'function') return new Promise((resolve) => setTimeout(resolve, 0));
  return new Promise((resolve) => {
    const { port1, port2 } = new MessageChannel();
    port1.onmessage = () => {
      port1.close();
      resolve();
    };
    port2.postMessage(null);
  });
}
