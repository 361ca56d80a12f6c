/**
 * Utilisateurs (administrateur): the agents' accounts, creating one with its role and territories,
 * changing a role or territories, deactivating and reactivating. Every change sends the version
 * read.
 */
import { type FormEvent, useCallback, useState } from 'react';
import { useReferenceData } from '../../app/reference-data.tsx';
import { ApiError, api } from '../../shared/api.ts';
import {
  ErrorSummary,
  errorsFromIssues,
  errorsFromServer,
  Field,
  type FieldErrors,
  FieldGroup,
  type FormState,
  summaryItems,
  useForm,
} from '../../shared/form.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { Badge, ErrorNotice, Loading, Notice, PageHeader, Section } from '../../shared/ui.tsx';
import { useApi } from '../../shared/useApi.ts';
import { isTerritoryLimited, ROLE_LABELS, ROLES, type Role, roleLabel } from './roles.ts';
import { userInputSchema, userPatchSchema } from './schemas.ts';
import { useSession } from './session.tsx';

export interface User {
  id: number;
  login: string;
  displayName: string;
  role: string;
  roleLabel?: string;
  territories: string[];
  active: boolean;
  version: number;
  lastSignInAt?: string | null;
}

type UserList = User[] | { items: User[]; total?: number };

function usersOf(list: UserList | undefined): User[] {
  if (!list) return [];
  return Array.isArray(list) ? list : list.items;
}

interface UserValues {
  login: string;
  displayName: string;
  role: '' | Role;
  territories: string[];
  password: string;
}

const CREATE_FIELDS = [
  { key: 'login', target: 'utilisateur-identifiant', label: 'Identifiant' },
  { key: 'displayName', target: 'utilisateur-nom', label: 'Nom' },
  { key: 'role', target: 'utilisateur-role', label: 'Rôle' },
  { key: 'territories', target: 'utilisateur-territoires', label: 'Territoires' },
  { key: 'password', target: 'utilisateur-mot-de-passe', label: 'Mot de passe initial' },
];

function TerritoryChoices(props: {
  idPrefix: string;
  role: string;
  selected: string[];
  onChange: (codes: string[]) => void;
  error: string | undefined;
}) {
  const { territories } = useReferenceData();
  const limited = isTerritoryLimited(props.role);
  return (
    <FieldGroup
      id={`${props.idPrefix}-territoires`}
      legend="Territoires"
      hint={
        limited || props.role === ''
          ? 'Un instructeur ne voit et ne traite que les demandes de ses territoires.'
          : 'Ce rôle travaille pour tout le département ; les territoires sont sans effet.'
      }
      error={props.error}
      layout="checkbox-grid"
    >
      {territories.map((territory) => (
        <div className="checkbox" key={territory.code}>
          <input
            type="checkbox"
            id={`${props.idPrefix}-territoire-${territory.code}`}
            checked={props.selected.includes(territory.code)}
            disabled={!limited && props.role !== ''}
            onChange={(event) =>
              props.onChange(
                event.target.checked
                  ? [...props.selected, territory.code]
                  : props.selected.filter((code) => code !== territory.code),
              )
            }
          />
          <label htmlFor={`${props.idPrefix}-territoire-${territory.code}`}>{territory.name}</label>
        </div>
      ))}
    </FieldGroup>
  );
}

function RoleSelect(props: { id: string; form: FormState<UserValues> }) {
  const { form } = props;
  return (
    <Field id={props.id} label="Rôle" required error={form.errorFor('role')}>
      {(control) => (
        <select
          {...control}
          value={form.values.role}
          onChange={(event) => form.set('role', event.target.value as UserValues['role'])}
          onBlur={() => form.touch('role')}
        >
          <option value="">— Choisir —</option>
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {ROLE_LABELS[role]}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

function CreateUserForm(props: { onCreated: (user: User) => void }) {
  const validate = useCallback((values: UserValues): FieldErrors => {
    const result = userInputSchema.safeParse({
      ...values,
      role: values.role === '' ? undefined : values.role,
    });
    return result.success ? {} : errorsFromIssues(result.error.issues);
  }, []);
  const form = useForm<UserValues>(
    { login: '', displayName: '', role: '', territories: [], password: '' },
    validate,
  );
  const [attempts, setAttempts] = useState(0);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [sending, setSending] = useState(false);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    if (!form.attemptSubmit()) {
      setAttempts((value) => value + 1);
      return;
    }
    setSending(true);
    try {
      const { values } = form;
      const created = await api.post<User>('/api/users', {
        login: values.login.trim(),
        displayName: values.displayName.trim(),
        role: values.role,
        territories: isTerritoryLimited(values.role) ? values.territories : [],
        password: values.password,
      });
      form.replace({ login: '', displayName: '', role: '', territories: [], password: '' });
      props.onCreated(created);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.fields.length > 0) form.setServerErrors(errorsFromServer(error.fields));
      if (error.status !== 400) setFailure(error);
      setAttempts((value) => value + 1);
    } finally {
      setSending(false);
    }
  };

  return (
    <form className="form" noValidate onSubmit={onSubmit} aria-label="Créer un compte">
      {failure ? <ErrorNotice error={failure} /> : null}
      <ErrorSummary items={summaryItems(CREATE_FIELDS, form)} generation={attempts} />
      <div className="form-grid form-grid--4">
        <Field
          id="utilisateur-identifiant"
          label="Identifiant"
          required
          hint="Lettres, chiffres, point, tiret, @ et _."
          error={form.errorFor('login')}
        >
          {(control) => (
            <input
              {...control}
              type="text"
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              value={form.values.login}
              onChange={(event) => form.set('login', event.target.value)}
              onBlur={() => form.touch('login')}
            />
          )}
        </Field>
        <Field
          id="utilisateur-nom"
          label="Nom"
          required
          hint="Prénom et nom."
          error={form.errorFor('displayName')}
        >
          {(control) => (
            <input
              {...control}
              type="text"
              autoComplete="off"
              value={form.values.displayName}
              onChange={(event) => form.set('displayName', event.target.value)}
              onBlur={() => form.touch('displayName')}
            />
          )}
        </Field>
        <RoleSelect id="utilisateur-role" form={form} />
        <Field
          id="utilisateur-mot-de-passe"
          label="Mot de passe initial"
          required
          hint="12 caractères au moins ; à transmettre à l’agent par un autre canal."
          error={form.errorFor('password')}
        >
          {(control) => (
            <input
              {...control}
              type="password"
              autoComplete="new-password"
              value={form.values.password}
              onChange={(event) => form.set('password', event.target.value)}
              onBlur={() => form.touch('password')}
            />
          )}
        </Field>
      </div>
      <TerritoryChoices
        idPrefix="utilisateur"
        role={form.values.role}
        selected={form.values.territories}
        onChange={(codes) => form.set('territories', codes)}
        error={form.errorFor('territories')}
      />
      <div className="form-actions">
        <button type="submit" className="button" disabled={sending}>
          {sending ? 'Création…' : 'Créer le compte'}
        </button>
      </div>
    </form>
  );
}

function EditUserRow(props: {
  user: User;
  onSaved: (user: User) => void;
  onCancel: () => void;
  onReload: () => void;
}) {
  const { user } = props;
  const validate = useCallback(
    (values: UserValues): FieldErrors => {
      const result = userPatchSchema.safeParse({
        displayName: values.displayName,
        role: values.role === '' ? undefined : values.role,
        territories: values.territories,
        // Left empty, the password stays as it is.
        password: values.password === '' ? undefined : values.password,
        version: user.version,
      });
      return result.success ? {} : errorsFromIssues(result.error.issues);
    },
    [user.version],
  );
  const form = useForm<UserValues>(
    {
      login: user.login,
      displayName: user.displayName,
      role: (ROLES as readonly string[]).includes(user.role) ? (user.role as Role) : '',
      territories: user.territories,
      password: '',
    },
    validate,
  );
  const [failure, setFailure] = useState<ApiError | null>(null);
  const prefix = `utilisateur-${user.id}`;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    if (!form.attemptSubmit()) return;
    try {
      const saved = await api.patch<User>(`/api/users/${user.id}`, {
        version: user.version,
        displayName: form.values.displayName.trim(),
        role: form.values.role,
        territories: isTerritoryLimited(form.values.role) ? form.values.territories : [],
        ...(form.values.password === '' ? {} : { password: form.values.password }),
      });
      props.onSaved(saved);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.fields.length > 0) form.setServerErrors(errorsFromServer(error.fields));
      if (error.status !== 400) setFailure(error);
    }
  };

  return (
    <tr className="row--editing">
      <td colSpan={6}>
        <form
          className="form form--inline"
          noValidate
          onSubmit={onSubmit}
          aria-label={`Modifier le compte ${user.login}`}
        >
          {failure ? (
            <Notice
              kind="error"
              live="alert"
              title={failure.status === 409 ? 'Compte modifié par quelqu’un d’autre' : 'Refusé'}
            >
              <p>{failure.message}</p>
              {failure.status === 409 ? (
                <button
                  type="button"
                  className="button button--secondary button--small"
                  onClick={props.onReload}
                >
                  Recharger la liste
                </button>
              ) : null}
            </Notice>
          ) : null}
          <div className="form-grid form-grid--4">
            <Field id={`${prefix}-nom`} label="Nom" required error={form.errorFor('displayName')}>
              {(control) => (
                <input
                  {...control}
                  type="text"
                  value={form.values.displayName}
                  onChange={(event) => form.set('displayName', event.target.value)}
                  onBlur={() => form.touch('displayName')}
                />
              )}
            </Field>
            <RoleSelect id={`${prefix}-role`} form={form} />
            <Field
              id={`${prefix}-mot-de-passe`}
              label="Nouveau mot de passe"
              hint="Laisser vide pour ne pas le changer ; 12 caractères au moins. Ses sessions en cours sont fermées."
              error={form.errorFor('password')}
            >
              {(control) => (
                <input
                  {...control}
                  type="password"
                  autoComplete="new-password"
                  value={form.values.password}
                  onChange={(event) => form.set('password', event.target.value)}
                  onBlur={() => form.touch('password')}
                />
              )}
            </Field>
          </div>
          <TerritoryChoices
            idPrefix={prefix}
            role={form.values.role}
            selected={form.values.territories}
            onChange={(codes) => form.set('territories', codes)}
            error={form.errorFor('territories')}
          />
          <div className="form-actions">
            <button type="submit" className="button button--small">
              Enregistrer
            </button>
            <button type="button" className="button button--secondary button--small" onClick={props.onCancel}>
              Annuler
            </button>
          </div>
        </form>
      </td>
    </tr>
  );
}

export function UsersPage() {
  const { can, user: me } = useSession();
  const { territoryName } = useReferenceData();
  const allowed = can('users:admin');
  const { data, error, loading, reload } = useApi<UserList>(allowed ? '/api/users' : null);
  const [editing, setEditing] = useState<number | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const users = usersOf(data);
  const unavailable = error?.status === 404;

  const setActive = async (target: User, active: boolean) => {
    setFailure(null);
    setMessage(null);
    try {
      await api.patch<User>(`/api/users/${target.id}`, { version: target.version, active });
      setMessage(`Le compte ${target.login} est ${active ? 'réactivé' : 'désactivé'}.`);
      reload();
    } catch (caught) {
      if (caught instanceof ApiError) setFailure(caught);
    }
  };

  return (
    <>
      <PageHeader title="Utilisateurs" subtitle="Comptes des agents, rôles et territoires" />
      {!allowed ? (
        <Notice kind="warning" title="Accès refusé">
          <p>Seul un administrateur gère les comptes.</p>
        </Notice>
      ) : (
        <>
          {message ? (
            <Notice kind="success" live="status">
              <p>{message}</p>
            </Notice>
          ) : null}
          {failure ? <ErrorNotice error={failure} /> : null}
          <Section title="Comptes" id="comptes">
            {unavailable ? (
              <Notice kind="info" title="Pas encore disponible">
                <p>
                  La gestion des comptes n’est pas encore disponible sur ce serveur (pas d’API /api/users).
                </p>
              </Notice>
            ) : error ? (
              <ErrorNotice error={error} onRetry={reload} />
            ) : loading && !data ? (
              <Loading what="des comptes" />
            ) : (
              <div className="table-wrapper">
                <table className="table">
                  <caption>Comptes des agents ({users.length})</caption>
                  <thead>
                    <tr>
                      <th scope="col">Identifiant</th>
                      <th scope="col">Nom</th>
                      <th scope="col">Rôle</th>
                      <th scope="col">Territoires</th>
                      <th scope="col">État</th>
                      <th scope="col">Actions</th>
                    </tr>
                  </thead>
                  <tbody>
                    {users.map((item) =>
                      editing === item.id ? (
                        <EditUserRow
                          key={item.id}
                          user={item}
                          onCancel={() => setEditing(null)}
                          onReload={() => {
                            setEditing(null);
                            reload();
                          }}
                          onSaved={(saved) => {
                            setEditing(null);
                            setMessage(`Le compte ${saved.login} est enregistré.`);
                            reload();
                          }}
                        />
                      ) : (
                        <tr key={item.id} className={item.active ? undefined : 'row--inactive'}>
                          <th scope="row">{item.login}</th>
                          <td>{item.displayName}</td>
                          <td>{item.roleLabel ?? roleLabel(item.role)}</td>
                          <td>
                            {isTerritoryLimited(item.role)
                              ? item.territories.map(territoryName).join(', ') || (
                                  <span className="muted">aucun</span>
                                )
                              : 'Tout le département'}
                          </td>
                          <td>
                            {item.active ? (
                              <Badge tone="success">Actif</Badge>
                            ) : (
                              <Badge tone="neutral">Désactivé</Badge>
                            )}
                            {item.lastSignInAt ? (
                              <span className="cell-detail">
                                Dernière connexion : {formatDateTime(item.lastSignInAt)}
                              </span>
                            ) : null}
                          </td>
                          <td>
                            <div className="inline-actions">
                              <button
                                type="button"
                                className="button button--secondary button--small"
                                onClick={() => setEditing(item.id)}
                              >
                                Modifier<span className="visually-hidden"> le compte {item.login}</span>
                              </button>
                              {item.id !== me?.id ? (
                                <button
                                  type="button"
                                  className={`button button--small ${item.active ? 'button--danger' : 'button--tertiary'}`}
                                  onClick={() => {
                                    void setActive(item, !item.active);
                                  }}
                                >
                                  {item.active ? 'Désactiver' : 'Réactiver'}
                                  <span className="visually-hidden"> le compte {item.login}</span>
                                </button>
                              ) : null}
                            </div>
                          </td>
                        </tr>
                      ),
                    )}
                  </tbody>
                </table>
              </div>
            )}
          </Section>
          <Section title="Créer un compte" id="creer">
            <CreateUserForm
              onCreated={(created) => {
                setMessage(`Le compte ${created.login} est créé.`);
                reload();
              }}
            />
          </Section>
        </>
      )}
    </>
  );
}
