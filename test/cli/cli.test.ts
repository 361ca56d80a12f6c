/**
 * The `inclusio` command as a user runs it: a real process, on the embedded database in a fresh
 * folder (PGlite pass) or on a fresh PostgreSQL database (PostgreSQL pass).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import ExcelJS from 'exceljs';
import { parseCsv } from '../../src/kernel/csv.ts';
import { parseEuros } from '../../src/kernel/money.ts';
import { openPglite } from '../../src/platform/database.ts';
import { completeConventionData } from '../support/convention-data.ts';
import { openTestDatabase, type TestDatabase } from '../support/database.ts';

const BIN = new URL('../../bin/inclusio.js', import.meta.url).pathname;

let folder: string;
let postgres: TestDatabase | undefined;

function inclusio(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, INCLUSIO_DATA_DIR: join(folder, 'pglite') };
  delete env.DATABASE_URL;
  if (postgres?.url) env.DATABASE_URL = postgres.url;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, cwd: folder });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

before(async () => {
  folder = await mkdtemp(join(tmpdir(), 'inclusio-cli-'));
  // On PostgreSQL the command gets an empty database of its own: it migrates and loads it itself.
  if (process.env.INCLUSIO_TEST_DB === 'postgres') {
    postgres = await openTestDatabase();
    await postgres.db.exec('drop schema public cascade; create schema public;');
  }
});

after(async () => {
  await postgres?.close();
  await rm(folder, { recursive: true, force: true });
});

describe('inclusio export allocations', () => {
  test('writes RFC 4180 CSV whose amounts sum to the deliberation per theme', async () => {
    const result = await inclusio(['export', 'allocations', '--call', 'DPID-2023-P2', '--format', 'csv']);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(
      result.stdout.startsWith(
        'theme,operation,operation_title,territory,structure,label,quantity,unit,period_start,period_end,amount,kind\r\n',
      ),
    );
    const [header, ...rows] = parseCsv(result.stdout);
    assert.equal(header?.length, 12);
    assert.equal(rows.length, 136);
    const byTheme = new Map<string, number>();
    for (const row of rows) {
      const [theme = '', , , , , , , , start = '', end = '', amount = '', kind = ''] = row;
      assert.match(start, /^\d{4}-\d{2}-\d{2}$/);
      assert.match(end, /^\d{4}-\d{2}-\d{2}$/);
      assert.match(amount, /^-?\d+\.\d{2}$/);
      assert.ok(kind === 'convention' || kind === 'amendment');
      byTheme.set(theme, (byTheme.get(theme) ?? 0) + parseEuros(amount));
    }
    assert.deepEqual(
      [...byTheme.entries()],
      [
        ['1', 11506900],
        ['2', 523415910],
      ],
    );
  });

  test('a second command on the same database neither reloads nor duplicates', async () => {
    const result = await inclusio(['export', 'allocations', '--call', 'DPID-2023-P2']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(parseCsv(result.stdout).length, 137);
  });

  test('writes an XLSX workbook for people, with totals per operation and theme', async () => {
    const out = join(folder, 'repartition.xlsx');
    const result = await inclusio([
      'export',
      'allocations',
      '--call',
      'DPID-2023-P2',
      '--format',
      'xlsx',
      '--out',
      out,
    ]);
    assert.equal(result.code, 0, result.stderr);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(out);
    const sheet = workbook.getWorksheet('Répartition');
    assert.ok(sheet);
    const totals = new Map<string, number>();
    sheet.eachRow((row) => {
      const label = row.getCell(1).value;
      const amount = row.getCell(9).value;
      if (
        typeof label === 'string' &&
        label.startsWith('Total') &&
        amount &&
        typeof amount === 'object' &&
        'result' in amount
      ) {
        totals.set(label, Number(amount.result));
      }
    });
    assert.equal(totals.get('Total thématique 1'), 115069);
    assert.equal(totals.get('Total thématique 2'), 5234159.1);
    assert.equal(totals.get('Total opération 11'), 142594.95);
  });
});

describe('inclusio export budget', () => {
  test('gives the budget table of Rapport N°42', async () => {
    const result = await inclusio(['export', 'budget', '--call', 'DPID-2023-P2', '--format', 'csv']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(parseCsv(result.stdout), [
      ['code', 'imputation', 'label', 'ae', 'committed_before', 'available', 'proposed', 'balance'],
      [
        'C02-446A05',
        '6568/93446',
        'Indemnisation des organismes référents',
        '6801643.00',
        '4497677.72',
        '2303965.28',
        '115069.00',
        '2188896.28',
      ],
      [
        'C01-444H02',
        '6568/93444',
        'Appui aux parcours intégrés 2021-2027',
        '7048182.00',
        '0.00',
        '7048182.00',
        '5234159.10',
        '1814022.90',
      ],
    ]);
  });
});

describe('inclusio check', () => {
  test('lists the findings in French and exits 0 without errors', async () => {
    const result = await inclusio(['check', '--call', 'DPID-2023-P2']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /0 erreur\(s\), 7 point\(s\) d'attention/);
    assert.match(result.stdout, /HABITAT ET INSERTION/);
  });
});

describe('inclusio generate package', () => {
  test('lists what is missing, writes nothing and exits 1; once completed, writes the package', async () => {
    const out = join(folder, 'dossier');
    const refused = await inclusio(['generate', 'package', '--session', '2023-06-12', '--out', out]);
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, /ne peuvent pas être produits : \d+ élément\(s\) à compléter/);
    assert.match(refused.stderr, /- structure « .+ » : SIRET, adresse du siège/);
    assert.match(refused.stderr, /- opération 1\.1 « Dispositif référent solidarité » : objectifs/);
    await assert.rejects(readdir(out));

    if (postgres) {
      await completeConventionData(postgres.db);
    } else {
      const db = await openPglite(join(folder, 'pglite'));
      try {
        await completeConventionData(db);
      } finally {
        await db.close();
      }
    }
    const done = await inclusio(['generate', 'package', '--session', '2023-06-12', '--out', out]);
    assert.equal(done.code, 0, done.stderr);
    const steps = [...done.stderr.matchAll(/^\[(\d+)\/(\d+)\] /gm)];
    assert.ok(steps.length > 90, 'progression affichée document par document');
    assert.equal(steps.at(-1)?.[1], steps.at(-1)?.[2]);
    const files = await readdir(out);
    for (const expected of [
      '01-rapport-42.pdf',
      '02-deliberation-2023-259.docx',
      '04-annexe-3-repartition-financiere.xlsx',
    ]) {
      assert.ok(files.includes(expected), expected);
    }
    assert.ok(files.some((file) => /^06-conventions-2023-06-12\.zip$/.test(file)));
    const conventions = await readdir(join(out, 'conventions'));
    assert.ok(conventions.filter((file) => file.endsWith('.pdf')).length > 90);
    const bad = await inclusio(['generate', 'package', '--session', '12/06/2023', '--out', out]);
    assert.equal(bad.code, 2);
  });
});

describe('inclusio export ledger', () => {
  test('one line per convention of the call, voted in force, paid, recovered, remaining in signed euros', async () => {
    // After the package above, the conventions of 12 June 2023 are numbered and have their lines.
    const result = await inclusio(['export', 'ledger', '--call', 'DPID-2023-P2', '--format', 'csv']);
    assert.equal(result.code, 0, result.stderr);
    const [header, ...rows] = parseCsv(result.stdout);
    assert.deepEqual(header, ['convention', 'structure', 'voted', 'paid', 'recovered', 'remaining']);
    assert.ok(rows.length > 90, `${rows.length} conventions`);
    for (const row of rows) {
      assert.match(row[0] ?? '', /^2023-\d{4}$/);
      for (const amount of row.slice(2)) assert.match(amount, /^-?\d+\.\d{2}$/);
      // nothing paid yet: all that was voted remains
      assert.equal(row[3], '0.00');
      assert.equal(row[5], row[2]);
    }
    const voted = rows.reduce((sum, row) => sum + parseEuros(row[2] ?? '0'), 0);
    // Phase 2's convention lines of the session: the themes' totals without the SIVOM amendments
    // (P1 conventions) nor the operations kept for later (0 €).
    assert.ok(voted > 0);
    const xlsx = await inclusio([
      'export',
      'ledger',
      '--call',
      'DPID-2023-P2',
      '--format',
      'xlsx',
      '--out',
      join(folder, 'suivi.xlsx'),
    ]);
    assert.equal(xlsx.code, 0, xlsx.stderr);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(folder, 'suivi.xlsx'));
    assert.ok(workbook.getWorksheet('Suivi financier'));
  });
});

describe('bad input', () => {
  test('an unknown call is a clear error, exit 1', async () => {
    const result = await inclusio(['export', 'allocations', '--call', 'DPID-1999-X']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Appel à projets introuvable : DPID-1999-X/);
  });

  test('an unknown format, a missing option or an unknown command are usage errors, exit 2', async () => {
    for (const args of [
      ['export', 'allocations', '--call', 'DPID-2023-P2', '--format', 'pdf'],
      ['export', 'budget'],
      ['frobnicate'],
      ['check', '--call'],
    ]) {
      const result = await inclusio(args);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.stderr, /Usage : inclusio/);
    }
  });

  test('db migrate and db seed say there is nothing left to do', async () => {
    const migrated = await inclusio(['db', 'migrate']);
    assert.equal(migrated.code, 0);
    assert.match(migrated.stderr, /Schéma déjà à jour/);
    const seeded = await inclusio(['db', 'seed']);
    assert.equal(seeded.code, 0);
    assert.match(seeded.stderr, /déjà chargé/);
  });
});
