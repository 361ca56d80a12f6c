/**
 * Conditions de convention of an operation (calls:write): objectives, déroulement, profile of the
 * professional, advance paid at signature (0–100 %) and the review to send, printed in the annex of
 * each convention. Validated as the user types; the server's field messages show beside their
 * field and the input is kept. Once saved, back to the page that opened the form (the session's
 * documents, the call) with a message.
 */
import { type FormEvent, useMemo, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { ApiError, request } from '../../shared/api.ts';
import {
  ErrorSummary,
  errorsFromServer,
  Field,
  type FormState,
  summaryItems,
  useForm,
} from '../../shared/form.tsx';
import { ErrorNotice, Loading, Notice, PageHeader, SaveOutcome } from '../../shared/ui.tsx';
import { useApi } from '../../shared/useApi.ts';
import { useSession } from '../identity/session.tsx';
import {
  CONVENTION_TERMS_LABELS,
  CONVENTION_TERMS_ORDER,
  CONVENTION_TERMS_TARGETS,
  type ConventionTermsValues,
  missingTerms,
  sameTerms,
  TEXT_MAX,
  toConventionTermsBody,
  validateConventionTerms,
  valuesFromTerms,
} from './convention-terms.ts';
import { type ReturnState, type ReturnTarget, returnTarget } from './return-to.ts';
import { type CallTree, type Operation, operationNumber } from './types.ts';

const SUMMARY_FIELDS = CONVENTION_TERMS_ORDER.map((key) => ({
  key,
  target: CONVENTION_TERMS_TARGETS[key],
  label: CONVENTION_TERMS_LABELS[key],
}));

type TextKey = Exclude<keyof ConventionTermsValues, 'advancePercent'>;

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
      const saved = await request<Operation>('PUT', `/api/operations/${operation.id}/convention-terms`, body);
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
      if (error.fields.length > 0) form.setServerErrors(errorsFromServer(error.fields));
      if (error.status !== 400 || error.fields.length === 0) setFailure(error);
      setAttempts((value) => value + 1);
    } finally {
      setSending(false);
    }
  };

  const items = summaryItems(SUMMARY_FIELDS, form);
  const percentError = form.errorFor('advancePercent');

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
            <Field
              id={CONVENTION_TERMS_TARGETS.advancePercent}
              label={CONVENTION_TERMS_LABELS.advancePercent}
              hint="Part de la subvention versée dès la signature, de 0 à 100 (par exemple 50 ou 12,5)."
              error={percentError}
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
                  value={form.values.advancePercent}
                  onChange={(event) => {
                    form.set('advancePercent', event.target.value);
                    // The range is checked as the user types, not only once the field is left.
                    form.touch('advancePercent');
                  }}
                  onBlur={() => form.touch('advancePercent')}
                />
              )}
            </Field>
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
