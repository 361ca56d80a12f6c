/**
 * Creating and editing a structure, validated as the user types with the server's schema (SIRET by
 * Luhn, RNA, IBAN by its check digits, BIC, postal code, e-mail); the server's messages show beside
 * their field. An edit sends the version read; a conflict shows the other person's values.
 */
import { type FormEvent, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import {
  CATEGORY_LABELS,
  STRUCTURE_CATEGORIES,
  type StructureCategory,
} from '../../../../src/modules/structures/structures.schemas.ts';
import { ApiError, api } from '../../shared/api.ts';
import { ConflictPanel, rebaseValues } from '../../shared/Conflict.tsx';
import {
  ErrorSummary,
  errorsFromServer,
  Field,
  FieldGroup,
  type FormState,
  summaryItems,
  useForm,
} from '../../shared/form.tsx';
import { ErrorNotice, Loading, Notice, PageHeader } from '../../shared/ui.tsx';
import { useApi } from '../../shared/useApi.ts';
import type { SavedLocationState } from '../applications/ApplicationPage.tsx';
import { useSession } from '../identity/session.tsx';
import {
  changedStructureFields,
  EMPTY_STRUCTURE,
  type SiaeType,
  STRUCTURE_FIELD_ORDER,
  STRUCTURE_LABELS,
  STRUCTURE_TARGETS,
  type StructureValues,
  toStructureInput,
  validateStructure,
  valuesFromStructure,
} from './structure-form.ts';
import type { Structure } from './types.ts';

const SUMMARY_FIELDS = STRUCTURE_FIELD_ORDER.map((key) => ({
  key,
  target: STRUCTURE_TARGETS[key],
  label: STRUCTURE_LABELS[key],
}));

type TextKey = Exclude<keyof StructureValues, 'category' | 'siaeTypes'>;

function TextField(props: {
  form: FormState<StructureValues>;
  name: TextKey;
  required?: boolean;
  hint?: string;
  autoComplete?: string;
  inputMode?: 'text' | 'numeric' | 'email' | 'tel';
  type?: 'text' | 'email' | 'tel';
  className?: string;
  multiline?: boolean;
}) {
  const { form, name } = props;
  return (
    <Field
      id={STRUCTURE_TARGETS[name]}
      label={STRUCTURE_LABELS[name]}
      required={props.required ?? false}
      hint={props.hint}
      error={form.errorFor(name)}
      className={props.className}
    >
      {(control) =>
        props.multiline ? (
          <textarea
            {...control}
            rows={3}
            value={form.values[name]}
            onChange={(event) => form.set(name, event.target.value)}
            onBlur={() => form.touch(name)}
          />
        ) : (
          <input
            {...control}
            type={props.type ?? 'text'}
            inputMode={props.inputMode}
            autoComplete={props.autoComplete ?? 'off'}
            spellCheck={props.inputMode === 'numeric' ? false : undefined}
            value={form.values[name]}
            onChange={(event) => form.set(name, event.target.value)}
            onBlur={() => form.touch(name)}
          />
        )
      }
    </Field>
  );
}

function describe(key: keyof StructureValues, values: StructureValues): string {
  if (key === 'category') return values.category ? CATEGORY_LABELS[values.category] : '—';
  if (key === 'siaeTypes') return values.siaeTypes.join(', ') || '—';
  return values[key].replace(/\n/g, ' · ') || '—';
}

function StructureForm(props: { structure: Structure | null }) {
  const navigate = useNavigate();
  const editing = props.structure;
  const initial = useMemo(() => (editing ? valuesFromStructure(editing) : EMPTY_STRUCTURE), [editing]);
  const form = useForm<StructureValues>(initial, validateStructure);
  const [base, setBase] = useState(editing ? { version: editing.version, values: initial } : null);
  const [conflict, setConflict] = useState<Structure | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [attempts, setAttempts] = useState(0);
  const [sending, setSending] = useState(false);
  const { values } = form;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    setNotice(null);
    if (!form.attemptSubmit()) {
      setAttempts((value) => value + 1);
      return;
    }
    setSending(true);
    try {
      let saved: Structure;
      if (editing && base) {
        const changes = changedStructureFields(values, base.values);
        if (Object.keys(changes).length === 0) {
          setNotice('Aucune modification à enregistrer.');
          return;
        }
        saved = await api.patch<Structure>(`/api/structures/${editing.id}`, {
          ...changes,
          version: base.version,
        });
      } else {
        saved = await api.post<Structure>('/api/structures', toStructureInput(values));
      }
      navigate(`/structures/${saved.id}`, {
        state: {
          saved: editing ? `Modifications enregistrées (version ${saved.version}).` : 'Structure créée.',
        } satisfies SavedLocationState,
      });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.status === 409 && error.details && typeof error.details.current === 'object') {
        setConflict(error.details.current as Structure);
      } else {
        if (error.fields.length > 0) form.setServerErrors(errorsFromServer(error.fields));
        if (error.status !== 400) setFailure(error);
        setAttempts((value) => value + 1);
      }
    } finally {
      setSending(false);
    }
  };

  const theirs = conflict ? valuesFromStructure(conflict) : null;
  const items = summaryItems(SUMMARY_FIELDS, form);

  return (
    <>
      {conflict && theirs && base ? (
        <ConflictPanel<StructureValues>
          title="Structure modifiée par quelqu’un d’autre"
          fields={STRUCTURE_FIELD_ORDER}
          label={(key) => STRUCTURE_LABELS[key]}
          describe={describe}
          mine={values}
          read={base.values}
          theirs={theirs}
          onKeepMine={() => {
            // Only the user's own changes are kept: the other person's stay where the user did not type.
            form.replace(rebaseValues(values, base.values, theirs));
            setBase({ version: conflict.version, values: theirs });
            setConflict(null);
            setNotice('Votre saisie est conservée sur la version actuelle : vérifiez-la puis enregistrez.');
          }}
          onTakeTheirs={() => {
            form.replace(theirs);
            setBase({ version: conflict.version, values: theirs });
            setConflict(null);
            setNotice('Le formulaire montre la version actuelle.');
          }}
        >
          <p>
            Pendant que vous la modifiiez, la structure a été enregistrée par quelqu’un d’autre (version{' '}
            {conflict.version}). Rien n’a été écrasé : comparez, puis choisissez.
          </p>
        </ConflictPanel>
      ) : null}
      {notice ? (
        <Notice kind="info" live="status">
          <p>{notice}</p>
        </Notice>
      ) : null}
      {failure && failure.fields.length === 0 ? (
        <Notice kind="error" live="alert" title="Enregistrement refusé">
          <p>{failure.message}</p>
        </Notice>
      ) : null}
      <ErrorSummary
        items={items}
        generation={attempts}
        {...(failure && items.some((item) => item.message === failure.message)
          ? { title: 'Enregistrement refusé' }
          : {})}
      />
      <form
        id="formulaire"
        className="form"
        noValidate
        onSubmit={onSubmit}
        aria-label={editing ? 'Modifier la structure' : 'Nouvelle structure'}
      >
        <fieldset className="form-section">
          <legend>Identité</legend>
          <div className="form-grid">
            <TextField form={form} name="legalName" required autoComplete="organization" />
            <TextField form={form} name="shortName" hint="Le nom affiché dans les listes, s’il diffère." />
            <Field
              id={STRUCTURE_TARGETS.category}
              label={STRUCTURE_LABELS.category}
              required
              error={form.errorFor('category')}
            >
              {(control) => (
                <select
                  {...control}
                  value={values.category}
                  onChange={(event) => form.set('category', event.target.value as '' | StructureCategory)}
                  onBlur={() => form.touch('category')}
                >
                  <option value="">— Choisir —</option>
                  {STRUCTURE_CATEGORIES.map((category) => (
                    <option key={category} value={category}>
                      {CATEGORY_LABELS[category]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <TextField form={form} name="legalForm" hint="Par exemple « Association loi 1901 »." />
            <FieldGroup
              id={STRUCTURE_TARGETS.siaeTypes}
              legend={STRUCTURE_LABELS.siaeTypes}
              hint="Pour une structure d’insertion par l’activité économique."
              error={form.errorFor('siaeTypes')}
              layout="radio-row"
            >
              {(['AI', 'EI', 'ACI'] as const).map((type: SiaeType) => (
                <div className="checkbox" key={type}>
                  <input
                    type="checkbox"
                    id={`structure-siae-${type}`}
                    checked={values.siaeTypes.includes(type)}
                    onChange={(event) =>
                      form.set(
                        'siaeTypes',
                        event.target.checked
                          ? [...values.siaeTypes, type]
                          : values.siaeTypes.filter((item) => item !== type),
                      )
                    }
                  />
                  <label htmlFor={`structure-siae-${type}`}>{type}</label>
                </div>
              ))}
            </FieldGroup>
            <TextField
              form={form}
              name="aliases"
              multiline
              hint="Une par ligne : sigles, anciens noms, variantes d’écriture trouvées dans les documents."
            />
          </div>
        </fieldset>
        <fieldset className="form-section">
          <legend>Identifiants</legend>
          <div className="form-grid form-grid--4">
            <TextField form={form} name="siret" inputMode="numeric" hint="14 chiffres, espaces permis." />
            <TextField form={form} name="rna" hint="Associations : W suivi de 9 caractères." />
          </div>
        </fieldset>
        <fieldset className="form-section">
          <legend>Adresse du siège</legend>
          <div className="form-grid form-grid--4">
            <TextField
              form={form}
              name="addressStreet"
              autoComplete="street-address"
              className="field--wide"
            />
            <TextField form={form} name="addressPostalCode" inputMode="numeric" autoComplete="postal-code" />
            <TextField form={form} name="addressCity" autoComplete="address-level2" />
          </div>
        </fieldset>
        <fieldset className="form-section">
          <legend>Représentant légal et contact</legend>
          <div className="form-grid form-grid--4">
            <TextField form={form} name="representativeName" />
            <TextField form={form} name="representativeTitle" hint="Par exemple « Président »." />
            <TextField form={form} name="email" type="email" inputMode="email" autoComplete="email" />
            <TextField form={form} name="phone" type="tel" inputMode="tel" autoComplete="tel" />
          </div>
        </fieldset>
        <fieldset className="form-section">
          <legend>Coordonnées bancaires</legend>
          <p className="muted">Aucun versement n’est possible sans IBAN ni BIC.</p>
          <div className="form-grid form-grid--4">
            <TextField form={form} name="iban" hint="Espaces permis." className="field--wide" />
            <TextField form={form} name="bic" hint="8 ou 11 caractères." />
          </div>
        </fieldset>
        <div className="form-actions form-actions--footer">
          <button type="submit" className="button" disabled={sending || conflict !== null}>
            {sending ? 'Enregistrement…' : editing ? 'Enregistrer les modifications' : 'Créer la structure'}
          </button>
          <Link
            className="button button--secondary"
            to={editing ? `/structures/${editing.id}` : '/structures'}
          >
            Annuler
          </Link>
          {base ? <span className="muted">Version lue : {base.version}</span> : null}
        </div>
      </form>
    </>
  );
}

export function StructureNewPage() {
  const { can } = useSession();
  return (
    <>
      <PageHeader title="Nouvelle structure" crumbs={[{ label: 'Structures', to: '/structures' }]} />
      {can('structures:write') ? (
        <StructureForm structure={null} />
      ) : (
        <Notice kind="warning" title="Accès refusé">
          <p>Votre rôle ne permet pas de créer des structures.</p>
        </Notice>
      )}
    </>
  );
}

export function StructureEditPage() {
  const id = useParams().id ?? '';
  const { can } = useSession();
  const { data, error, loading, reload } = useApi<Structure>(
    /^\d+$/.test(id) ? `/api/structures/${id}` : null,
  );
  return (
    <>
      <PageHeader
        title={data ? `Modifier ${data.displayName}` : 'Modifier la structure'}
        crumbs={[
          { label: 'Structures', to: '/structures' },
          ...(data ? [{ label: data.displayName, to: `/structures/${data.id}` }] : []),
        ]}
      />
      {error ? <ErrorNotice error={error} onRetry={reload} /> : null}
      {loading && !data ? <Loading what="de la structure" /> : null}
      {data && !can('structures:write') ? (
        <Notice kind="warning" title="Accès refusé">
          <p>Votre rôle ne permet pas de modifier les structures.</p>
        </Notice>
      ) : null}
      {data && can('structures:write') ? <StructureForm key={data.id} structure={data} /> : null}
    </>
  );
}
