// Previews come in bursts while a person types. Per post, one runs at a time, each after a short
// pause (a debounce: the work itself is synchronous, so without the pause nothing would ever be
// seen waiting), and a request overtaken by a newer one for the same post is not worked out at
// all: it gets the newer one's answer (the page shows only the newest anyway).

interface Slot {
  newest: number;
  tail: Promise<void>;
  waiting: { resolve: (value: unknown) => void; reject: (error: unknown) => void }[];
}

export class LatestPerKey {
  private readonly slots = new Map<string, Slot>();

  constructor(private readonly pauseMs = 50) {}

  run<T>(key: string, work: () => Promise<T> | T): Promise<T> {
    let slot = this.slots.get(key);
    if (!slot) this.slots.set(key, (slot = { newest: 0, tail: Promise.resolve(), waiting: [] }));
    const s = slot;
    const mine = ++s.newest;
    return new Promise<T>((resolve, reject) => {
      s.waiting.push({ resolve: resolve as (value: unknown) => void, reject });
      s.tail = s.tail.then(async () => {
        if (mine !== s.newest) return; // a newer request answers this one
        await new Promise((wait) => setTimeout(wait, this.pauseMs));
        if (mine !== s.newest) return;
        const answered = s.waiting.splice(0);
        try {
          const value = await work();
          for (const w of answered) w.resolve(value);
        } catch (error) {
          for (const w of answered) w.reject(error);
        }
        if (s.newest === mine && s.waiting.length === 0) this.slots.delete(key);
      });
    });
  }
}
