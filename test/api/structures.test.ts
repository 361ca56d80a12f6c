/**
 * The registry of structures through the API: identifiers checked and normalised (SIRET, RNA,
 * IBAN, BIC), every bad field named in French, one SIRET per structure, search by name, alias and
 * SIRET, and optimistic locking (a stale save is refused with the other change, never lost).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  type Api,
  assertStatus,
  assertValidation,
  createStructure,
  type ErrorBody,
  get,
  openApi,
  type Page,
  patch,
  post,
  type Structure,
  uniqueName,
} from './api-helpers.ts';

/** Valid identifiers (src/kernel/identifiers.test.ts). */
const SIRET = '73282932000074';
const IBAN = 'FR7630006000011234567890189';

let api: Api;

before(async () => {
  api = await openApi();
});

after(async () => {
  await api.close();
});

async function structureCount(): Promise<number> {
  const answer = await get<Page<Structure>>(api.app, '/api/structures?limit=1');
  assertStatus(answer, 200);
  return answer.body.total;
}

async function search(q: string): Promise<Page<Structure>> {
  const answer = await get<Page<Structure>>(api.app, `/api/structures?q=${encodeURIComponent(q)}`);
  assertStatus(answer, 200);
  return answer.body;
}

describe('creating a structure', () => {
  test('a valid structure is created (201) with its identifiers normalised', async () => {
    const legalName = uniqueName('Association Lens Insertion');
    const answer = await post<Structure>(api.app, '/api/structures', {
      legalName,
      category: 'association',
      siret: '732 829 320 00074',
      rna: 'w751234567',
      iban: 'fr76 3000 6000 0112 3456 7890 189',
      bic: 'bnpa fr pp xxx',
      addressPostalCode: '62300',
      addressCity: 'Lens',
    });
    assertStatus(answer, 201);
    const created = answer.body;
    assert.equal(created.legalName, legalName);
    assert.equal(created.siret, SIRET);
    assert.equal(created.rna, 'W751234567');
    assert.equal(created.iban, IBAN);
    assert.equal(created.bic, 'BNPAFRPPXXX');
    assert.equal(created.version, 1);
    const read = await get<Structure>(api.app, `/api/structures/${created.id}`);
    assertStatus(read, 200);
    assert.deepEqual(read.body, created);
  });

  const invalid: { name: string; field: string; value: string; message: RegExp }[] = [
    { name: 'a SIRET of 13 digits', field: 'siret', value: '7328293200007', message: /14 chiffres/ },
    {
      name: 'a SIRET with a wrong Luhn key',
      field: 'siret',
      value: '73282932000075',
      message: /SIRET.*clé de contrôle/,
    },
    {
      name: 'an IBAN with a wrong checksum',
      field: 'iban',
      value: 'FR7630006000011234567890188',
      message: /IBAN.*invalide/,
    },
    { name: 'a BIC of 7 characters', field: 'bic', value: 'BNPAFRP', message: /BIC.*8 ou 11/ },
    { name: 'a malformed RNA number', field: 'rna', value: 'W12', message: /RNA.*W/ },
    { name: 'a postal code of 4 digits', field: 'addressPostalCode', value: '6200', message: /code postal/ },
    { name: 'an empty legal name', field: 'legalName', value: '  ', message: /raison sociale/ },
  ];
  for (const { name, field, value, message } of invalid) {
    test(`${name} is refused (400 naming ${field}) and nothing is saved`, async () => {
      const before = await structureCount();
      const answer = await post<ErrorBody>(api.app, '/api/structures', {
        legalName: uniqueName('Structure invalide'),
        category: 'association',
        [field]: value,
      });
      const messages = assertValidation(answer, [field]);
      assert.match(messages.get(field) ?? '', message);
      assert.ok(answer.body.message.includes(field), answer.body.message);
      assert.equal(await structureCount(), before);
    });
  }

  test('several bad fields at once are all named', async () => {
    const before = await structureCount();
    const answer = await post<ErrorBody>(api.app, '/api/structures', {
      legalName: '',
      category: 'association',
      siret: '7328293200007',
      rna: 'W12',
      iban: 'FR7630006000011234567890188',
      bic: 'BNPAFRP',
      addressPostalCode: '6200',
    });
    assertValidation(answer, ['legalName', 'siret', 'rna', 'iban', 'bic', 'addressPostalCode']);
    assert.equal(await structureCount(), before);
  });

  test('a SIRET already held is refused (400 naming siret and the other structure)', async () => {
    const holder = await createStructure(api.app, { siret: '23350001600040', shortName: 'Région test' });
    const before = await structureCount();
    const answer = await post<ErrorBody>(api.app, '/api/structures', {
      legalName: uniqueName('Doublon'),
      category: 'association',
      siret: '233 500 016 00040',
    });
    const messages = assertValidation(answer, ['siret']);
    const message = messages.get('siret') ?? '';
    assert.match(message, /déjà/);
    assert.ok(message.includes('Région test'), message);
    assert.ok(message.includes(`n°${holder.id}`), message);
    assert.equal(await structureCount(), before);
  });
});

describe('searching structures', () => {
  test('by name, ignoring case and accents', async () => {
    const found = await search('sivom du bruaysis');
    assert.ok(
      found.items.some((item) => item.displayName === 'SIVOM du Bruaysis'),
      found.items.map((item) => item.displayName).join(', '),
    );
    const accented = await search('BRUAY-LA-BUISSIERE');
    assert.ok(accented.total >= 1);
    for (const item of accented.items) {
      assert.match(`${item.legalName} ${item.shortName ?? ''} ${item.aliases.join(' ')}`, /buissi[eè]re/i);
    }
  });

  test('by alias: "APF21" finds AFP21, "Elfouad" finds El Fouad', async () => {
    const afp = await search('APF21');
    assert.deepEqual(
      afp.items.map((item) => item.legalName),
      ['AFP21'],
    );
    const fouad = await search('Elfouad');
    assert.deepEqual(
      fouad.items.map((item) => item.legalName),
      ['El Fouad'],
    );
  });

  test('by the beginning of a SIRET, spaces allowed', async () => {
    const created = await createStructure(api.app, { siret: '20005226400013' });
    for (const q of ['200052264', '200 052 264', '20005226400013']) {
      const found = await search(q);
      assert.deepEqual(
        found.items.map((item) => item.id),
        [created.id],
        q,
      );
    }
  });
});

describe('saving a structure (optimistic locking)', () => {
  test('PATCH with the version read saves the change and increments the version', async () => {
    const created = await createStructure(api.app, { addressCity: 'Arras' });
    const answer = await patch<Structure>(api.app, `/api/structures/${created.id}`, {
      version: created.version,
      phone: '03 21 21 62 62',
    });
    assertStatus(answer, 200);
    assert.equal(answer.body.version, created.version + 1);
    assert.equal(answer.body.phone, '03 21 21 62 62');
    assert.equal(answer.body.addressCity, 'Arras', 'the fields not sent are kept');
    const read = await get<Structure>(api.app, `/api/structures/${created.id}`);
    assert.deepEqual(read.body, answer.body);
  });

  test('PATCH with a stale version is a 409 showing the other change; the first save is kept', async () => {
    const created = await createStructure(api.app);
    const first = await patch<Structure>(api.app, `/api/structures/${created.id}`, {
      version: created.version,
      addressCity: 'Béthune',
    });
    assertStatus(first, 200);
    const second = await patch<ErrorBody>(api.app, `/api/structures/${created.id}`, {
      version: created.version,
      addressCity: 'Calais',
      phone: '03 00 00 00 00',
    });
    assertStatus(second, 409);
    assert.equal(second.body.error, 'CONFLICT');
    assert.match(second.body.message, /modifiée par quelqu'un d'autre/);
    const current = second.body.details?.current as Structure | undefined;
    assert.ok(current, 'the conflict carries the current structure');
    assert.equal(current.addressCity, 'Béthune');
    assert.equal(current.version, created.version + 1);
    const read = await get<Structure>(api.app, `/api/structures/${created.id}`);
    assert.equal(read.body.addressCity, 'Béthune');
    assert.equal(read.body.phone, null, 'nothing of the refused save was written');
    assert.equal(read.body.version, created.version + 1);
  });

  test('two simultaneous saves of the same version: one wins, the other gets a 409 showing the winner', async () => {
    // Repeated: on PostgreSQL the two requests run on two connections and really overlap.
    for (let round = 0; round < 5; round += 1) {
      const created = await createStructure(api.app);
      const [a, b] = await Promise.all([
        patch<Structure & ErrorBody>(api.app, `/api/structures/${created.id}`, {
          version: created.version,
          addressCity: 'Arras',
        }),
        patch<Structure & ErrorBody>(api.app, `/api/structures/${created.id}`, {
          version: created.version,
          phone: '03 21 00 00 00',
        }),
      ]);
      assert.deepEqual([a.status, b.status].sort(), [200, 409], `round ${round}`);
      const [winner, loser] = a.status === 200 ? [a, b] : [b, a];
      const current = loser.body.details?.current as Structure | undefined;
      assert.ok(current, `round ${round}: the conflict carries the current structure`);
      assert.equal(
        current.version,
        created.version + 1,
        `round ${round}: details.current is the winner's save`,
      );
      assert.equal(current.addressCity, winner.body.addressCity, `round ${round}`);
      assert.equal(current.phone, winner.body.phone, `round ${round}`);
      const read = await get<Structure>(api.app, `/api/structures/${created.id}`);
      assert.equal(read.body.version, created.version + 1);
    }
  });

  test('PATCH without the version read is refused (400 naming version)', async () => {
    const created = await createStructure(api.app);
    const answer = await patch<ErrorBody>(api.app, `/api/structures/${created.id}`, { addressCity: 'Lens' });
    const messages = assertValidation(answer, ['version']);
    assert.match(messages.get('version') ?? '', /version/);
    const read = await get<Structure>(api.app, `/api/structures/${created.id}`);
    assert.equal(read.body.addressCity, null);
    assert.equal(read.body.version, created.version);
  });

  test('PATCH giving another structure’s SIRET is refused and changes nothing', async () => {
    const holder = await createStructure(api.app, { siret: '35600000000048' });
    const other = await createStructure(api.app, { addressCity: 'Arras' });
    const answer = await patch<ErrorBody>(api.app, `/api/structures/${other.id}`, {
      version: other.version,
      siret: '35600000000048',
      addressCity: 'Lens',
    });
    const messages = assertValidation(answer, ['siret']);
    assert.ok((messages.get('siret') ?? '').includes(`n°${holder.id}`));
    const read = await get<Structure>(api.app, `/api/structures/${other.id}`);
    assert.equal(read.body.siret, null);
    assert.equal(read.body.addressCity, 'Arras');
    assert.equal(read.body.version, other.version);
  });

  test('an unknown structure is a 404 with a French message', async () => {
    const answer = await patch<ErrorBody>(api.app, '/api/structures/987654', { version: 1 });
    assertStatus(answer, 404);
    assert.match(answer.body.message, /Structure introuvable : 987654/);
    const read = await get<ErrorBody>(api.app, '/api/structures/987654');
    assertStatus(read, 404);
  });
});
