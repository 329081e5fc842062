/**
 * Group commit: `write` runs one call at a time; items handed in while a call is running
 * wait and go together in the next (up to about `max` items). At low load every item goes
 * out at once; under load the calls grow instead of queueing one by one. The promise of each
 * hand-in settles when its items are written. If a combined call fails, each hand-in is
 * tried again on its own, so that one caller's bad item does not fail the others.
 */
export function groupCommit<T>(write: (items: T[]) => Promise<void>, max: number) {
  const queue: { items: T[]; resolve: () => void; reject: (error: unknown) => void }[] = [];
  let running = false;
  const run = async () => {
    running = true;
    while (queue.length) {
      const batch: typeof queue = [];
      for (let n = 0; queue.length && n < max; n += batch.at(-1)!.items.length) {
        batch.push(queue.shift()!);
      }
      try {
        await write(batch.flatMap((b) => b.items));
        for (const b of batch) b.resolve();
      } catch (error) {
        if (batch.length === 1) batch[0]!.reject(error);
        else for (const b of batch) await write(b.items).then(b.resolve, b.reject);
      }
    }
    running = false;
  };
  return (items: T[]) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ items, resolve, reject });
      if (!running) void run();
    });
}
