import { CallStopped, Deadline } from '../../../src/preflight/handler/deadline';

describe('Deadline', () => {
  test('settles work that never does, naming the call', async () => {
    const deadline = Deadline.in(50);
    let signalled = false;
    const never = deadline.run('HeadObject', (signal) => {
      signal.addEventListener('abort', () => (signalled = true));
      return new Promise<never>(() => {});
    });
    await expect(never).rejects.toEqual(new CallStopped('HeadObject'));
    // The work is told to stop too (the SDK aborts its request).
    expect(signalled).toBe(true);
    deadline.dispose();
  });

  test('passes on what work answers and how it fails, before the deadline', async () => {
    const deadline = Deadline.in(60_000);
    await expect(deadline.run('GetObject', async () => 42)).resolves.toBe(42);
    await expect(deadline.run('GetObject', async () => { throw new Error('403'); })).rejects.toThrow('403');
    deadline.dispose();
  });

  test('after the deadline, no call starts', async () => {
    const deadline = Deadline.in(0);
    await new Promise((resolve) => setTimeout(resolve, 5));
    let started = false;
    await expect(deadline.run('GetBucketLocation', async () => { started = true; })).rejects.toBeInstanceOf(CallStopped);
    expect(started).toBe(false);
    expect(deadline.remainingMs).toBe(0);
  });

  test('a backoff sleep ends at the deadline', async () => {
    const deadline = Deadline.in(30);
    await expect(deadline.sleep(60_000, 'GetObject bytes=0-1')).rejects.toEqual(new CallStopped('GetObject bytes=0-1'));
  });
});
