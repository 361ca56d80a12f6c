/**
 * Shared helpers of the HTTP API tests: one seeded database and one server per test file, typed
 * views of the answers, and the few steps most tests repeat (create a structure or an application,
 * move an application through its states, read a budget line).
 */
import assert from 'node:assert/strict';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { createUserDirectly, type Role } from '../../src/modules/identity/index.ts';
import type { Database } from '../../src/platform/database.ts';
import { openTestDatabase, type TestDatabase } from '../support/database.ts';

export const CALL = 'DPID-2023-P2';
export const NBSP = '\u00a0';

export interface Api {
  app: FastifyInstance;
  database: TestDatabase;
  close(): Promise<void>;
}

/** The headers of a signed-in session: its cookie and the CSRF token state changes must carry. */
export interface SessionHeaders {
  cookie: string;
  'x-csrf-token': string;
}

/** The session each app's requests are sent with, unless a test says otherwise. */
const defaultSessions = new WeakMap<FastifyInstance, SessionHeaders>();

let accounts = 0;

/** Creates an account with this role (and territories) and signs it in. */
export async function signInAs(
  app: FastifyInstance,
  db: Database,
  role: Role,
  territories: string[] = [],
): Promise<SessionHeaders> {
  accounts += 1;
  const login = `${role}-${process.pid}-${accounts}`;
  const password = 'mot-de-passe-de-test-123';
  await createUserDirectly(db, { login, displayName: `Test ${role}`, role, territories, password });
  const response = await app.inject({ method: 'POST', url: '/api/session', payload: { login, password } });
  assert.equal(response.statusCode, 200, response.body);
  const cookie = String(response.headers['set-cookie'] ?? '').split(';')[0] ?? '';
  return { cookie, 'x-csrf-token': response.json<{ csrfToken: string }>().csrfToken };
}

/** Makes `session` the one this app's requests are sent with, unless a test says otherwise. */
export function useDefaultSession(app: FastifyInstance, session: SessionHeaders): void {
  defaultSessions.set(app, session);
}

/** A fresh database with the specification's dataset, and the application on it, signed in as an administrator. */
export async function openApi(): Promise<Api> {
  const database = await openTestDatabase({ seed: true });
  const app = await buildApp(database.db);
  defaultSessions.set(app, await signInAs(app, database.db, 'administrateur'));
  return {
    app,
    database,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface Answer<T> {
  status: number;
  body: T;
  response: LightMyRequestResponse;
}

export async function request<T>(
  app: FastifyInstance,
  method: Method,
  url: string,
  payload?: object,
  session: SessionHeaders | null | undefined = defaultSessions.get(app),
): Promise<Answer<T>> {
  const response = await app.inject({
    method,
    url,
    ...(payload === undefined ? {} : { payload }),
    ...(session ? { headers: { ...session } } : {}),
  });
  const type = String(response.headers['content-type'] ?? '');
  const body = (type.startsWith('application/json') ? response.json<T>() : response.body) as T;
  return { status: response.statusCode, body, response };
}

export const get = <T>(app: FastifyInstance, url: string) => request<T>(app, 'GET', url);
export const post = <T>(app: FastifyInstance, url: string, payload: object) =>
  request<T>(app, 'POST', url, payload);
export const patch = <T>(app: FastifyInstance, url: string, payload: object) =>
  request<T>(app, 'PATCH', url, payload);

// ---------------------------------------------------------------------------------------------
// Shapes of the answers (only what the tests read)

export interface ErrorBody {
  error: string;
  message: string;
  fields?: { field: string; message: string }[];
  details?: Record<string, unknown>;
}

export interface Structure {
  id: number;
  legalName: string;
  shortName: string | null;
  displayName: string;
  aliases: string[];
  category: string;
  siret: string | null;
  rna: string | null;
  addressPostalCode: string | null;
  addressCity: string | null;
  phone: string | null;
  email: string | null;
  iban: string | null;
  bic: string | null;
  version: number;
}

export interface Decision {
  id: number;
  from: string | null;
  to: string;
  author: string;
  motivation: string;
  decidedAt: string;
}

export interface Application {
  id: number;
  reference: string;
  callCode: string;
  themeNumber: number;
  operationId: number;
  operationNumber: number;
  budgetLineId: number;
  structureId: number;
  structureName: string;
  territories: { code: string; name: string }[];
  label: string;
  periodStart: string;
  periodEnd: string;
  quantity: number | null;
  unit: string | null;
  computedCents: number | null;
  computation: { status: string; amount: number | null; explanation: string } | null;
  retainedCents: number | null;
  deviationJustification: string | null;
  kind: 'convention' | 'amendment';
  state: string;
  stateLabel: string;
  version: number;
  decisions?: Decision[];
}

export interface Page<T> {
  total: number;
  items: T[];
}

export interface RuleView {
  id: number;
  rule: { kind: string };
  label: string;
  description: string;
}

export interface OperationView {
  id: number;
  number: number;
  title: string;
  budgetLineId: number;
  rules: RuleView[];
}

export interface CallTree {
  id: number;
  code: string;
  themes: { number: number; title: string; operations: OperationView[] }[];
}

export interface BudgetSituation {
  line: { id: number; code: string; ae: number };
  ae: number;
  committedBefore: number;
  available: number;
  proposed: number;
  balance: number;
}

// ---------------------------------------------------------------------------------------------
// Assertions on error answers

/** A 400 whose `fields` name exactly `expected` (in any order); returns the messages by field. */
export function assertValidation(answer: Answer<unknown>, expected: readonly string[]): Map<string, string> {
  assert.equal(answer.status, 400, `400 attendu, reçu ${answer.status} : ${answer.response.body}`);
  const body = answer.body as ErrorBody;
  assert.equal(body.error, 'VALIDATION');
  assert.ok(body.fields, 'the answer names its fields');
  assert.deepEqual([...new Set(body.fields.map((field) => field.field))].sort(), [...expected].sort());
  assert.match(body.message, /^Données invalides/);
  return new Map(body.fields.map((field) => [field.field, field.message]));
}

export function assertStatus(answer: Answer<unknown>, status: number): void {
  assert.equal(answer.status, status, `${status} attendu, reçu ${answer.status} : ${answer.response.body}`);
}

// ---------------------------------------------------------------------------------------------
// The call, its operations and its budget

export async function callTree(app: FastifyInstance): Promise<CallTree> {
  const answer = await get<CallTree>(app, `/api/calls/${CALL}`);
  assertStatus(answer, 200);
  return answer.body;
}

export async function operation(
  app: FastifyInstance,
  themeNumber: number,
  operationNumber: number,
): Promise<OperationView> {
  const tree = await callTree(app);
  const found = tree.themes
    .find((theme) => theme.number === themeNumber)
    ?.operations.find((op) => op.number === operationNumber);
  assert.ok(found, `opération ${themeNumber}.${operationNumber}`);
  return found;
}

export async function budgetLine(app: FastifyInstance, code: string): Promise<BudgetSituation> {
  const answer = await get<BudgetSituation[]>(app, `/api/calls/${CALL}/budget`);
  assertStatus(answer, 200);
  const line = answer.body.find((row) => row.line.code === code);
  assert.ok(line, `ligne ${code}`);
  return line;
}

// ---------------------------------------------------------------------------------------------
// Writes

let counter = 0;
/** A name no other test uses (the process id keeps two engines' runs apart in logs). */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix} ${process.pid}-${counter}`;
}

export async function createStructure(app: FastifyInstance, fields: object = {}): Promise<Structure> {
  const answer = await post<Structure>(app, '/api/structures', {
    legalName: uniqueName('Structure de test'),
    category: 'association',
    ...fields,
  });
  assertStatus(answer, 201);
  return answer.body;
}

export async function createApplication(app: FastifyInstance, input: object): Promise<Application> {
  const answer = await post<Application>(app, '/api/applications', input);
  assertStatus(answer, 201);
  return answer.body;
}

export function transition(app: FastifyInstance, id: number, to: string, motivation = `Passage à ${to}`) {
  return post<Application & ErrorBody>(app, `/api/applications/${id}/transitions`, { to, motivation });
}

/** Moves an application through `states`, each step having to succeed. */
export async function moveThrough(app: FastifyInstance, id: number, states: readonly string[]) {
  let last: Application | undefined;
  for (const state of states) {
    const answer = await transition(app, id, state);
    assertStatus(answer, 200);
    last = answer.body;
  }
  return last;
}

export async function getApplication(app: FastifyInstance, id: number): Promise<Application> {
  const answer = await get<Application>(app, `/api/applications/${id}`);
  assertStatus(answer, 200);
  return answer.body;
}

// ---------------------------------------------------------------------------------------------
// CSV (RFC 4180: quoted fields may hold commas, quotes and line breaks)

export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text.charAt(i);
    if (quoted) {
      if (char === '"' && text.charAt(i + 1) === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\r' && text.charAt(i + 1) === '\n') {
      // the \n ends the record
    } else if (char === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}
