import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type DataVersion, parseDataVersion } from './data-version.ts';
import { ResponseCache } from './response-cache.ts';

const version = (changes: number, xmin = String(1000 + changes)): DataVersion => ({
  changes,
  key: `${changes}:${xmin}`,
});
const body = (text: string) => Buffer.from(text);

/** A computation that counts its runs and gives `text`. */
function counted(text: string | undefined) {
  let runs = 0;
  return {
    runs: () => runs,
    compute: async () => {
      runs += 1;
      return text === undefined ? undefined : body(text);
    },
  };
}

describe('the data version', () => {
  test('is read from "changes:xmin"', () => {
    assert.deepEqual(parseDataVersion('42:7310'), { changes: 42, key: '42:7310' });
    assert.equal(parseDataVersion(null), null);
    assert.equal(parseDataVersion(undefined), null);
    assert.equal(parseDataVersion('x:1'), null);
  });
});

describe('the response cache', () => {
  test('keeps an answer while the version is unchanged', async () => {
    const cache = new ResponseCache({ maxBytes: 1_000_000 });
    const list = counted('[1]');
    assert.equal(String(await cache.fetch('list', version(1), list.compute)), '[1]');
    assert.equal(String(await cache.fetch('list', version(1), list.compute)), '[1]');
    assert.equal(list.runs(), 1);
    assert.deepEqual(cache.stats(), {
      entries: 1,
      bytes: cache.stats().bytes,
      hits: 1,
      misses: 1,
      bypassed: 0,
    });
  });

  test('forgets everything at a newer version', async () => {
    const cache = new ResponseCache({ maxBytes: 1_000_000 });
    await cache.fetch('list', version(1), counted('old').compute);
    await cache.fetch('page', version(1), counted('old page').compute);
    assert.equal(String(await cache.fetch('list', version(2), counted('new').compute)), 'new');
    assert.equal(cache.stats().entries, 1);
  });

  test('computes afresh, without keeping it, for a request that read an older version', async () => {
    const cache = new ResponseCache({ maxBytes: 1_000_000 });
    await cache.fetch('list', version(5), counted('at 5').compute);
    const late = counted('at 4');
    assert.equal(String(await cache.fetch('list', version(4), late.compute)), 'at 4');
    assert.equal(String(await cache.fetch('other', version(4), late.compute)), 'at 4');
    assert.equal(late.runs(), 2);
    // The newer entry is still there, and nothing of version 4 was kept.
    assert.equal(String(await cache.fetch('list', version(5), counted('recomputed').compute)), 'at 5');
    assert.equal(cache.stats().entries, 1);
    assert.equal(cache.stats().bypassed, 2);
  });

  test('forgets everything when the counter comes back to a value with another row version (a restore)', async () => {
    const cache = new ResponseCache({ maxBytes: 1_000_000 });
    await cache.fetch('list', version(7, '100'), counted('before the restore').compute);
    const after = counted('after the restore');
    assert.equal(String(await cache.fetch('list', version(7, '900'), after.compute)), 'after the restore');
    assert.equal(String(await cache.fetch('list', version(7, '900'), after.compute)), 'after the restore');
    assert.equal(after.runs(), 1);
  });

  test('shares one computation between concurrent requests for the same key and version', async () => {
    const cache = new ResponseCache({ maxBytes: 1_000_000 });
    let runs = 0;
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slow = async () => {
      runs += 1;
      await gate;
      return body('dashboard');
    };
    const answers = Array.from({ length: 5 }, () => cache.fetch('dashboard', version(3), slow));
    release();
    assert.deepEqual((await Promise.all(answers)).map(String), Array(5).fill('dashboard'));
    assert.equal(runs, 1);
  });

  test('gives a shared computation’s error to every request waiting for it, and keeps nothing', async () => {
    const cache = new ResponseCache({ maxBytes: 1_000_000 });
    const failing = async () => {
      await Promise.resolve();
      throw new Error('introuvable');
    };
    const answers = await Promise.allSettled([
      cache.fetch('missing', version(1), failing),
      cache.fetch('missing', version(1), failing),
    ]);
    assert.deepEqual(
      answers.map((answer) => answer.status),
      ['rejected', 'rejected'],
    );
    assert.equal(cache.stats().entries, 0);
    assert.equal(String(await cache.fetch('missing', version(1), counted('found').compute)), 'found');
  });

  test('an answer that may not be kept is computed by each request', async () => {
    const cache = new ResponseCache({ maxBytes: 1_000_000 });
    const unkept = counted(undefined);
    assert.equal(await cache.fetch('stream', version(1), unkept.compute), undefined);
    assert.equal(await cache.fetch('stream', version(1), unkept.compute), undefined);
    assert.equal(unkept.runs(), 2);
  });

  test('stays within its size: the least recently used entries leave first', async () => {
    const text = 'x'.repeat(900);
    const cache = new ResponseCache({ maxBytes: 3_500, maxEntryBytes: 3_500 });
    for (const key of ['a', 'b', 'c']) await cache.fetch(key, version(1), counted(text).compute);
    assert.equal(cache.stats().entries, 3);
    await cache.fetch('a', version(1), counted('recomputed').compute); // a is used again: b is the oldest
    await cache.fetch('d', version(1), counted(text).compute);
    assert.ok(cache.stats().bytes <= 3_500);
    assert.equal(cache.stats().entries, 3);
    assert.equal(String(await cache.fetch('a', version(1), counted('recomputed').compute)), text);
    assert.equal(String(await cache.fetch('b', version(1), counted('recomputed').compute)), 'recomputed');
  });

  test('does not keep an answer larger than an entry may be', async () => {
    const cache = new ResponseCache({ maxBytes: 10_000, maxEntryBytes: 1_000 });
    const large = counted('y'.repeat(2_000));
    await cache.fetch('large', version(1), large.compute);
    await cache.fetch('large', version(1), large.compute);
    assert.equal(large.runs(), 2);
    assert.equal(cache.stats().entries, 0);
  });
});
