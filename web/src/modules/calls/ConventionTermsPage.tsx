/**
 * Conditions de convention of an operation (calls:write): objectives, déroulement, profile of the
 * professional, advance paid at signature (a percentage of 0–100 % or a fixed amount in euros), the
 * acomptes (a percentage each, after the signature or from a date) and the review to send, printed
 * in the annex of each convention and followed by its payments. Validated as the user types; the server's field messages show beside their
 * field and the input is kept. Once saved, back to the page that opened the form (the session's
 * documents, the call) with a message.
 */
import { type FormEvent, useMemo, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { ApiError, request } from '../../shared/api.ts';
import {
  ErrorSummary,
  Field,
  FieldGroup,
  type FormState,
  summaryItems,
  useForm,
} from '../../shared/form.tsx';
import { ErrorNotice, Loading, Notice, PageHeader, SaveOutcome } from '../../shared/ui.tsx';
import { useApi } from '../../shared/useApi.ts';
import { useSession } from '../identity/session.tsx';
import {
  type AdvanceKind,
  CONVENTION_TERMS_LABELS,
  CONVENTION_TERMS_ORDER,
  CONVENTION_TERMS_TARGETS,
  type ConventionTermsValues,
  formErrorsFromServer,
  type InstalmentValues,
  instalmentKey,
  instalmentLabel,
  instalmentRow,
  instalmentTarget,
  MAX_INSTALMENTS,
  missingTerms,
  sameTerms,
  TEXT_MAX,
  toConventionTermsBody,
  validateConventionTerms,
  valuesFromTerms,
} from './convention-terms.ts';
import { type ReturnState, type ReturnTarget, returnTarget } from './return-to.ts';
import { type CallTree, type Operation, operationNumber } from './types.ts';

/** The summary's fields in the form's order, each acompte's two controls after the advance. */
function summaryFields(instalments: readonly InstalmentValues[]) {
  return CONVENTION_TERMS_ORDER.flatMap((key) => [
    { key, target: CONVENTION_TERMS_TARGETS[key], label: CONVENTION_TERMS_LABELS[key] },
    ...(key === 'instalments'
      ? instalments.flatMap((_, index) =>
          (['percent', 'dueOn'] as const).map((field) => ({
            key: instalmentKey(index, field),
            target: instalmentTarget(index, field),
            label: instalmentLabel(index, field),
          })),
        )
      : []),
  ]);
}

type TextKey = 'objectives' | 'procedure' | 'professionalProfile' | 'review';

const ADVANCE_KINDS: { kind: AdvanceKind; label: string; id: string }[] = [
  { kind: 'percent', label: 'en pourcentage', id: 'convention-avance-type-pourcentage' },
  { kind: 'amount', label: 'en montant fixe', id: 'convention-avance-type-montant' },
];

/** A text input of the advance (percentage or amount), checked as the user types. */
function AdvanceInput(props: {
  form: FormState<ConventionTermsValues>;
  name: 'advancePercent' | 'advanceAmount';
  hint: string;
}) {
  const { form, name } = props;
  return (
    <Field
      id={CONVENTION_TERMS_TARGETS[name]}
      label={CONVENTION_TERMS_LABELS[name]}
      hint={props.hint}
      error={form.errorFor(name)}
      className="convention-form__percent"
    >
      {(control) => (
        <input
          {...control}
          type="text"
          inputMode="decimal"
          autoComplete="off"
          spellCheck={false}
          className="input--amount"
          value={form.values[name]}
          onChange={(event) => {
            form.set(name, event.target.value);
            // The range is checked as the user types, not only once the field is left.
            form.touch(name);
          }}
          onBlur={() => form.touch(name)}
        />
      )}
    </Field>
  );
}

/**
 * The acomptes: one row each (its percentage, its optional date, a button to remove it) and a
 * button to add one. A row's messages show once it is typed in or left, or the form sent.
 */
function Instalments(props: { form: FormState<ConventionTermsValues> }) {
  const { form } = props;
  const rows = form.values.instalments;
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const touch = (row: InstalmentValues, field: 'percent' | 'dueOn') =>
    setTouched((current) => {
      const key = `${row.id}.${field}`;
      return current.has(key) ? current : new Set([...current, key]);
    });
  const errorOf = (row: InstalmentValues, index: number, field: 'percent' | 'dueOn') =>
    form.submitAttempted || touched.has(`${row.id}.${field}`)
      ? form.clientErrors[instalmentKey(index, field)]
      : undefined;
  const update = (index: number, change: Partial<InstalmentValues>) => {
    form.set(
      'instalments',
      rows.map((row, at) => (at === index ? { ...row, ...change } : row)),
    );
    form.touch('instalments');
  };
  const remove = (index: number) => {
    form.set(
      'instalments',
      rows.filter((_, at) => at !== index),
    );
    // the focus goes to the row that takes its place, or to the button that adds one
    const next = index < rows.length - 1 ? instalmentTarget(index, 'percent') : 'convention-acompte-ajouter';
    requestAnimationFrame(() => document.getElementById(next)?.focus());
  };
  const add = () => {
    form.set('instalments', [...rows, instalmentRow()]);
    const index = rows.length;
    requestAnimationFrame(() => document.getElementById(instalmentTarget(index, 'percent'))?.focus());
  };
  const id = CONVENTION_TERMS_TARGETS.instalments;
  const error = form.errorFor('instalments');
  return (
    <fieldset
      id={id}
      className={`field field-group${error ? ' field--error' : ''}`}
      aria-describedby={`${id}-aide ${id}-erreur`}
      aria-invalid={error ? true : undefined}
      tabIndex={-1}
    >
      <legend className="field__label">{CONVENTION_TERMS_LABELS.instalments}</legend>
      <p id={`${id}-aide`} className="field__hint">
        Versements entre l’avance et le solde, chacun une part de la subvention : après la signature, ou à
        partir d’une date (JJ/MM/AAAA). {MAX_INSTALMENTS} au plus ; l’avance et les acomptes ne dépassent pas
        100 %.
      </p>
      {rows.length === 0 ? (
        <p className="muted">Aucun acompte : l’avance, puis le solde après le bilan.</p>
      ) : (
        <ol className="convention-instalments">
          {rows.map((row, index) => (
            <li key={row.id} className="form-grid form-grid--4">
              <Field
                id={instalmentTarget(index, 'percent')}
                label={instalmentLabel(index, 'percent')}
                error={errorOf(row, index, 'percent')}
                required
                className="convention-form__percent"
              >
                {(control) => (
                  <input
                    {...control}
                    type="text"
                    inputMode="decimal"
                    autoComplete="off"
                    spellCheck={false}
                    className="input--amount"
                    value={row.percent}
                    onChange={(event) => {
                      update(index, { percent: event.target.value });
                      touch(row, 'percent');
                    }}
                    onBlur={() => touch(row, 'percent')}
                  />
                )}
              </Field>
              <Field
                id={instalmentTarget(index, 'dueOn')}
                label={instalmentLabel(index, 'dueOn')}
                error={errorOf(row, index, 'dueOn')}
              >
                {(control) => (
                  <input
                    {...control}
                    type="text"
                    inputMode="numeric"
                    autoComplete="off"
                    placeholder="JJ/MM/AAAA"
                    value={row.dueOn}
                    onChange={(event) => update(index, { dueOn: event.target.value })}
                    onBlur={() => touch(row, 'dueOn')}
                  />
                )}
              </Field>
              <div className="field">
                <button
                  type="button"
                  className="button button--secondary button--small"
                  onClick={() => remove(index)}
                >
                  Retirer<span className="visually-hidden"> l’acompte n°{index + 1}</span>
                </button>
              </div>
            </li>
          ))}
        </ol>
      )}
      <button
        id="convention-acompte-ajouter"
        type="button"
        className="button button--secondary button--small"
        onClick={add}
        disabled={rows.length >= MAX_INSTALMENTS}
      >
        Ajouter un acompte
      </button>
      <div id={`${id}-erreur`} className="field-error-slot" aria-live="polite">
        {error ? (
          <p className="field-error">
            <span className="visually-hidden">Erreur : </span>
            {error}
          </p>
        ) : null}
      </div>
    </fieldset>
  );
}

function TextArea(props: {
  form: FormState<ConventionTermsValues>;
  name: TextKey;
  hint: string;
  rows?: number;
}) {
  const { form, name } = props;
  const length = form.values[name].trim().length;
  return (
    <Field
      id={CONVENTION_TERMS_TARGETS[name]}
      label={CONVENTION_TERMS_LABELS[name]}
      hint={props.hint}
      error={form.errorFor(name)}
    >
      {(control) => (
        <>
          <textarea
            {...control}
            rows={props.rows ?? 5}
            value={form.values[name]}
            onChange={(event) => form.set(name, event.target.value)}
            onBlur={() => form.touch(name)}
          />
          {length > TEXT_MAX * 0.9 ? (
            <p className="field__hint convention-count">
              {length.toLocaleString('fr-FR')} caractères sur {TEXT_MAX.toLocaleString('fr-FR')}
            </p>
          ) : null}
        </>
      )}
    </Field>
  );
}

function ConventionTermsForm(props: { operation: Operation; back: ReturnTarget }) {
  const { operation, back } = props;
  const navigate = useNavigate();
  const initial = useMemo(() => valuesFromTerms(operation.conventionTerms), [operation]);
  const form = useForm<ConventionTermsValues>(initial, validateConventionTerms);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [attempts, setAttempts] = useState(0);
  const [sending, setSending] = useState(false);
  const number = operationNumber(operation);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    setNotice(null);
    if (!form.attemptSubmit()) {
      setAttempts((value) => value + 1);
      return;
    }
    const body = toConventionTermsBody(form.values);
    if (sameTerms(body, operation.conventionTerms)) {
      setNotice('Aucune modification à enregistrer.');
      return;
    }
    setSending(true);
    try {
      // The version read with the terms: a save over someone else's is refused (409) and said.
      const saved = await request<Operation>('PUT', `/api/operations/${operation.id}/convention-terms`, {
        ...body,
        version: operation.conventionTermsVersion,
      });
      navigate(back.to, {
        state: {
          saved: `Conditions de convention de l’opération ${number} enregistrées${
            missingTerms(saved.conventionTerms).length === 0 ? ' : elles sont complètes' : ''
          }.`,
          savedTarget: { kind: 'operation', id: operation.id },
        } satisfies ReturnState,
      });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.fields.length > 0) form.setServerErrors(formErrorsFromServer(error.fields));
      if (error.status !== 400 || error.fields.length === 0) setFailure(error);
      setAttempts((value) => value + 1);
    } finally {
      setSending(false);
    }
  };

  const items = summaryItems(summaryFields(form.values.instalments), form);

  return (
    <>
      <SaveOutcome notice={notice} failure={failure} />
      <ErrorSummary items={items} generation={attempts} />
      <form
        id="formulaire"
        className="form convention-form"
        noValidate
        onSubmit={onSubmit}
        aria-label={`Conditions de convention de l’opération ${number}`}
        aria-describedby="convention-aide"
      >
        <p id="convention-aide" className="muted">
          Ces conditions figurent dans l’annexe de chaque convention des structures financées au titre de
          l’opération. Un champ laissé vide reste « à compléter » : les conventions ne peuvent pas être
          produites sans lui.
        </p>
        <fieldset className="form-section">
          <legend>L’action</legend>
          <div className="form-grid">
            <TextArea
              form={form}
              name="objectives"
              hint="Ce que l’action doit permettre, tel que la convention l’énonce."
            />
            <TextArea form={form} name="procedure" hint="Étapes, durée et modalités de l’accompagnement." />
            <TextArea
              form={form}
              name="professionalProfile"
              rows={3}
              hint="Qualification ou expérience attendue de la personne qui intervient."
            />
          </div>
        </fieldset>
        <fieldset className="form-section">
          <legend>Versement et bilan</legend>
          <div className="form-grid convention-form__payment">
            <FieldGroup
              id={CONVENTION_TERMS_TARGETS.advanceKind}
              legend={CONVENTION_TERMS_LABELS.advanceKind}
              hint="Versée dès la signature : une part de la subvention, ou un montant fixe."
              error={form.errorFor('advanceKind')}
              layout="radio-row"
            >
              {ADVANCE_KINDS.map(({ kind, label, id }) => (
                <div className="radio" key={kind}>
                  <input
                    type="radio"
                    id={id}
                    name="advanceKind"
                    checked={form.values.advanceKind === kind}
                    onChange={() => form.set('advanceKind', kind)}
                  />
                  <label htmlFor={id}>{label}</label>
                </div>
              ))}
            </FieldGroup>
            {form.values.advanceKind === 'percent' ? (
              <AdvanceInput
                form={form}
                name="advancePercent"
                hint="Part de la subvention versée dès la signature, de 0 à 100 (par exemple 50 ou 12,5)."
              />
            ) : (
              <AdvanceInput
                form={form}
                name="advanceAmount"
                hint="Montant versé dès la signature, en euros (par exemple 12 000 ou 1 234,56) ; au plus la subvention de chaque structure."
              />
            )}
          </div>
          <Instalments form={form} />
          <div className="form-grid">
            <TextArea
              form={form}
              name="review"
              rows={3}
              hint="Le bilan que la structure transmet, et à quelle échéance."
            />
          </div>
        </fieldset>
        <div className="form-actions form-actions--footer">
          <button type="submit" className="button" disabled={sending}>
            {sending ? 'Enregistrement…' : 'Enregistrer les conditions'}
          </button>
          <Link className="button button--secondary" to={back.to}>
            Annuler<span className="visually-hidden"> et revenir à {back.label}</span>
          </Link>
          <span className="muted">Après l’enregistrement, retour à {back.label}.</span>
        </div>
      </form>
    </>
  );
}

export function ConventionTermsPage() {
  const params = useParams();
  const code = params.code ?? '';
  const id = Number(params.id);
  const location = useLocation();
  const { can } = useSession();
  const back = returnTarget(location.state, {
    to: `/appels/${encodeURIComponent(code)}`,
    label: `l’appel ${code}`,
  });
  const call = useApi<CallTree>(`/api/calls/${encodeURIComponent(code)}`);
  const operation = call.data?.themes
    .flatMap((theme) => theme.operations)
    .find((candidate) => candidate.id === id);
  const number = operation ? operationNumber(operation) : null;

  return (
    <>
      <PageHeader
        title={number ? `Conditions de convention de l’opération ${number}` : 'Conditions de convention'}
        crumbs={[
          { label: 'Tableau de bord', to: '/' },
          { label: `Appel ${code}`, to: `/appels/${encodeURIComponent(code)}` },
        ]}
        subtitle={operation ? operation.title : undefined}
      />
      {call.error ? <ErrorNotice error={call.error} onRetry={call.reload} /> : null}
      {call.loading && !call.data ? <Loading what="de l’opération" /> : null}
      {call.data && !operation ? (
        <Notice kind="error" title="Opération introuvable">
          <p>
            L’appel {code} n’a pas d’opération n°{params.id}. <Link to={back.to}>Revenir à {back.label}</Link>
          </p>
        </Notice>
      ) : null}
      {operation && !can('calls:write') ? (
        <Notice kind="warning" title="Accès refusé">
          <p>Votre rôle ne permet pas de modifier les conditions de convention des opérations.</p>
        </Notice>
      ) : null}
      {operation && can('calls:write') ? (
        <ConventionTermsForm key={operation.id} operation={operation} back={back} />
      ) : null}
    </>
  );
}
