/**
 * Measuring and printing. Every figure is one line "label : value unit" so that two outputs of the
 * benchmark can be compared with a plain diff.
 */

const LABEL_WIDTH = 58;

export function heading(title: string): void {
  console.log(`\n== ${title}`);
}

export function line(label: string, value: string): void {
  console.log(`  ${label.padEnd(LABEL_WIDTH)} : ${value}`);
}

export function note(text: string): void {
  console.log(`  (${text})`);
}

/** "100 000": digits grouped with a plain space, readable in any terminal and any locale. */
export function count(value: number): string {
  const [whole = '', fraction] = String(value).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** "0 erreur", "1 erreur", "2 erreurs": in French a count below two takes the singular. */
export function counted(value: number, singular: string, plural = `${singular}s`): string {
  return `${count(value)} ${Math.abs(value) < 2 ? singular : plural}`;
}

export function ms(value: number): string {
  return `${value.toFixed(1)} ms`;
}

/** An amount in cents as "1 234 567.89 €". */
export function euros(amountCents: number): string {
  const sign = amountCents < 0 ? '-' : '';
  const abs = Math.abs(amountCents);
  return `${sign}${count(Math.trunc(abs / 100))}.${String(abs % 100).padStart(2, '0')} €`;
}

export function bytes(value: number): string {
  if (value < 1024) return `${value} o`;
  if (value < 1024 * 1024) return `${(value / 1024).toFixed(1)} Kio`;
  return `${(value / 1024 / 1024).toFixed(1)} Mio`;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle];
  if (upper === undefined) throw new Error('Médiane d’une liste vide.');
  const lower = sorted[middle - 1];
  return sorted.length % 2 === 1 || lower === undefined ? upper : (lower + upper) / 2;
}

export function best(values: readonly number[]): number {
  if (values.length === 0) throw new Error('Meilleur temps d’une liste vide.');
  return Math.min(...values);
}

export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await work();
  return { ms: performance.now() - start, result };
}

/** Runs `work` `runs` times in a row (at least once); returns every duration and the last result. */
export async function repeat<T>(runs: number, work: () => Promise<T>): Promise<{ times: number[]; last: T }> {
  const first = await timed(work);
  const times = [first.ms];
  let last = first.result;
  for (let run = 1; run < runs; run += 1) {
    const { ms: elapsed, result } = await timed(work);
    times.push(elapsed);
    last = result;
  }
  return { times, last };
}

export function runsList(times: readonly number[]): string {
  return times.map((time) => time.toFixed(1)).join(' / ');
}

/** "12.3 ms médiane de 5 [15.7 / 12.3 / …]", or "72001.5 ms (1 passage)". */
export function timings(times: readonly number[]): string {
  if (times.length === 1) return `${ms(median(times))} (1 passage)`;
  return `${ms(median(times))} médiane de ${times.length} [${runsList(times)}]`;
}

/** Times `work` `runs` times and prints one line: median, every run, and what the last run produced. */
export async function measure<T>(
  label: string,
  runs: number,
  work: () => Promise<T>,
  describe: (result: T) => string,
): Promise<T> {
  const { times, last } = await repeat(runs, work);
  line(label, `${timings(times)} — ${describe(last)}`);
  return last;
}
