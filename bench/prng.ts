/**
 * A seeded pseudo-random generator (Mulberry32). The benchmark must work on the same synthetic data
 * at every run: timings are then comparable from one run or machine to the next, and a checksum
 * that changes means the code under test changed its results, not that the input moved.
 * Mulberry32 is not for cryptography or statistics; it is small, fast and good enough to spread
 * dossiers over rules, quantities and dates.
 */
export class Prng {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with the given probability. */
  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.int(0, items.length - 1)];
    if (item === undefined) throw new Error('Prng.pick : liste vide.');
    return item;
  }

  /** Draws a value with a probability proportional to its weight. */
  weighted<T>(entries: readonly { readonly weight: number; readonly value: T }[]): T {
    const total = entries.reduce((sum, entry) => sum + entry.weight, 0);
    let draw = this.next() * total;
    for (const entry of entries) {
      draw -= entry.weight;
      if (draw < 0) return entry.value;
    }
    const last = entries.at(-1);
    if (last === undefined) throw new Error('Prng.weighted : liste vide.');
    // Only reached through floating-point rounding of the running difference.
    return last.value;
  }
}
