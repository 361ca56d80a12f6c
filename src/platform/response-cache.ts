/**
 * Answers of read routes kept, already serialised, while the data version is unchanged (see
 * data-version.ts). Entries hold the version they were computed at; the cache holds those of one
 * version only: the first request that reads a newer version empties it. Bounded in bytes, the least
 * recently used entries leave first. Concurrent requests for the same key and version share one
 * computation. It is a copy of what the database says, never a source of truth: every process has
 * its own, and each request reads the version from the database before using it.
 */
import type { DataVersion } from './data-version.ts';

export interface ResponseCacheOptions {
  /** The memory the kept answers (and their keys) may take, in bytes. */
  maxBytes: number;
  /** A larger answer is served but not kept (by default an eighth of maxBytes). */
  maxEntryBytes?: number;
}

export const DEFAULT_RESPONSE_CACHE_BYTES = 64 * 1024 * 1024;

interface Entry {
  body: Buffer;
  bytes: number;
}

export interface ResponseCacheStats {
  entries: number;
  bytes: number;
  hits: number;
  misses: number;
  /** Requests that read an older version than the cache's: computed afresh, not kept. */
  bypassed: number;
}

/** What a computation gives: the body to send, or undefined when the answer may not be kept. */
export type Computed = Buffer | undefined;

export class ResponseCache {
  readonly #maxBytes: number;
  readonly #maxEntryBytes: number;
  /** In least recently used first order (a Map keeps insertion order; a hit moves its entry last). */
  readonly #entries = new Map<string, Entry>();
  readonly #inFlight = new Map<string, Promise<Computed>>();
  #version: DataVersion | null = null;
  #bytes = 0;
  #hits = 0;
  #misses = 0;
  #bypassed = 0;

  constructor(options: ResponseCacheOptions) {
    this.#maxBytes = options.maxBytes;
    this.#maxEntryBytes = options.maxEntryBytes ?? Math.floor(options.maxBytes / 8);
  }

  /**
   * The answer for `key` at `version`: kept, being computed by another request, or computed now by
   * `compute` (and kept when it gives a body). A request that read an older version than one already
   * seen (it started before a write that another request has seen committed) computes its own
   * answer: it is not kept, and the newer entries are not thrown away for it.
   */
  async fetch(key: string, version: DataVersion, compute: () => Promise<Computed>): Promise<Computed> {
    if (!this.#use(version)) {
      this.#bypassed += 1;
      return compute();
    }
    const entry = this.#entries.get(key);
    if (entry) {
      this.#hits += 1;
      this.#entries.delete(key);
      this.#entries.set(key, entry);
      return entry.body;
    }
    this.#misses += 1;
    const flightKey = `${version.key}\u0000${key}`;
    const running = this.#inFlight.get(flightKey);
    if (running) {
      // Another request computes this very answer: wait for it. If it could not be kept (its
      // handler answered by itself), compute this one's own.
      return (await running) ?? compute();
    }
    const computation = compute();
    this.#inFlight.set(flightKey, computation);
    try {
      const body = await computation;
      if (body !== undefined) this.#store(key, version, body);
      return body;
    } finally {
      this.#inFlight.delete(flightKey);
    }
  }

  /** Makes `version` the cache's own if it is newer; false when it is older (or another at the same count). */
  #use(version: DataVersion): boolean {
    const current = this.#version;
    if (current === null || version.changes > current.changes) {
      this.#version = version;
      this.clear();
      return true;
    }
    if (version.key === current.key) return true;
    if (version.changes === current.changes) {
      // Same count, another row version: the counter was set back (a restored backup) and has grown
      // again to this value. Nothing kept can be trusted.
      this.#version = version;
      this.clear();
      return true;
    }
    return false;
  }

  #store(key: string, version: DataVersion, body: Buffer): void {
    // Computed at a version the cache has since left: its data may be older than what is kept now.
    if (this.#version?.key !== version.key) return;
    const bytes = body.length + key.length * 2 + 64;
    if (bytes > this.#maxEntryBytes) return;
    const previous = this.#entries.get(key);
    if (previous) {
      this.#entries.delete(key);
      this.#bytes -= previous.bytes;
    }
    this.#entries.set(key, { body, bytes });
    this.#bytes += bytes;
    for (const [oldest, entry] of this.#entries) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= entry.bytes;
    }
  }

  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }

  stats(): ResponseCacheStats {
    return {
      entries: this.#entries.size,
      bytes: this.#bytes,
      hits: this.#hits,
      misses: this.#misses,
      bypassed: this.#bypassed,
    };
  }
}
