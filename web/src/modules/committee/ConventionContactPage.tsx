/**
 * Contact des conventions (calls:write): the e-mail address of the conventions' manager and the
 * service the structures write to, printed in every convention of the collectivité. Validated as
 * the user types; the server's field messages show beside their field and the input is kept. Once
 * saved, back to the page that opened the form (a session's documents) with a message.
 */
import { type FormEvent, useMemo, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { ApiError, request } from '../../shared/api.ts';
import { ErrorSummary, errorsFromServer, Field, summaryItems, useForm } from '../../shared/form.tsx';
import { ErrorNotice, Loading, Notice, PageHeader, SaveOutcome } from '../../shared/ui.tsx';
import { useApi } from '../../shared/useApi.ts';
import { type ReturnState, type ReturnTarget, returnTarget } from '../calls/return-to.ts';
import type { Collectivite } from '../collectivite/types.ts';
import { useSession } from '../identity/session.tsx';
import {
  CONVENTION_CONTACT_LABELS,
  CONVENTION_CONTACT_ORDER,
  CONVENTION_CONTACT_TARGETS,
  type ConventionContactValues,
  contactValuesOf,
  conventionSignatory,
  toConventionContactBody,
  validateConventionContact,
} from './convention-contact.ts';

const SUMMARY_FIELDS = CONVENTION_CONTACT_ORDER.map((key) => ({
  key,
  target: CONVENTION_CONTACT_TARGETS[key],
  label: CONVENTION_CONTACT_LABELS[key],
}));

function ConventionContactForm(props: { collectivite: Collectivite | null; back: ReturnTarget }) {
  const { back } = props;
  const navigate = useNavigate();
  const initial = useMemo(() => contactValuesOf(props.collectivite), [props.collectivite]);
  const form = useForm<ConventionContactValues>(initial, validateConventionContact);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [attempts, setAttempts] = useState(0);
  const [sending, setSending] = useState(false);
  const signatory = conventionSignatory(props.collectivite);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    setNotice(null);
    if (!form.attemptSubmit()) {
      setAttempts((value) => value + 1);
      return;
    }
    const body = toConventionContactBody(form.values);
    if (body.email === initial.email && body.service === initial.service) {
      setNotice('Aucune modification à enregistrer.');
      return;
    }
    setSending(true);
    try {
      await request<Collectivite>('PUT', '/api/collectivite/convention-contact', {
        ...body,
        version: props.collectivite?.settingsVersion ?? 1,
      });
      navigate(back.to, {
        state: {
          saved: `Contact des conventions enregistré : ${body.email}, ${body.service}.`,
          savedTarget: { kind: 'collectivite', id: null },
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

  return (
    <>
      <SaveOutcome notice={notice} failure={failure} />
      <ErrorSummary items={items} generation={attempts} />
      <form
        id="formulaire"
        className="form convention-form"
        noValidate
        onSubmit={onSubmit}
        aria-label="Contact des conventions"
        aria-describedby="contact-aide"
      >
        <p id="contact-aide" className="muted">
          Chaque convention indique aux structures à qui écrire à son sujet : l’adresse e-mail de la personne
          qui gère les conventions et le service destinataire des courriers.
        </p>
        <fieldset className="form-section">
          <legend>Contact imprimé dans les conventions</legend>
          <div className="form-grid">
            <Field
              id={CONVENTION_CONTACT_TARGETS.email}
              label={CONVENTION_CONTACT_LABELS.email}
              hint="Une adresse de service de préférence, par exemple conventions.inclusion@departement.fr."
              required
              error={form.errorFor('email')}
            >
              {(control) => (
                <input
                  {...control}
                  type="email"
                  inputMode="email"
                  autoComplete="off"
                  spellCheck={false}
                  value={form.values.email}
                  onChange={(event) => form.set('email', event.target.value)}
                  onBlur={() => form.touch('email')}
                />
              )}
            </Field>
            <Field
              id={CONVENTION_CONTACT_TARGETS.service}
              label={CONVENTION_CONTACT_LABELS.service}
              hint="Par exemple « Direction des Politiques d’Inclusion Durable – Service des conventions »."
              required
              error={form.errorFor('service')}
            >
              {(control) => (
                <input
                  {...control}
                  type="text"
                  autoComplete="off"
                  value={form.values.service}
                  onChange={(event) => form.set('service', event.target.value)}
                  onBlur={() => form.touch('service')}
                />
              )}
            </Field>
          </div>
          <dl className="description-list convention-form__static">
            <div className="description-list__item">
              <dt>Signataire des conventions</dt>
              <dd>
                {signatory ?? <span className="muted">non renseigné</span>}
                <span className="field__hint">
                  {' '}
                  Réglage du jeu de données de la collectivité, non modifiable ici.
                </span>
              </dd>
            </div>
          </dl>
        </fieldset>
        <div className="form-actions form-actions--footer">
          <button type="submit" className="button" disabled={sending}>
            {sending ? 'Enregistrement…' : 'Enregistrer le contact'}
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

export function ConventionContactPage() {
  const location = useLocation();
  const { can } = useSession();
  const back = returnTarget(location.state, { to: '/seances', label: 'la liste des séances' });
  // Read here rather than from the reference data, which keeps what it read at sign-in.
  const { data, error, loading, reload } = useApi<Collectivite | null>('/api/collectivite');
  return (
    <>
      <PageHeader
        title="Contact des conventions"
        crumbs={[{ label: 'Séances', to: '/seances' }]}
        subtitle={data ? data.name : undefined}
      />
      {error ? <ErrorNotice error={error} onRetry={reload} /> : null}
      {loading && data === undefined ? <Loading what="des réglages de la collectivité" /> : null}
      {data !== undefined && !can('calls:write') ? (
        <Notice kind="warning" title="Accès refusé">
          <p>Votre rôle ne permet pas de modifier le contact des conventions.</p>
        </Notice>
      ) : null}
      {data !== undefined && can('calls:write') ? (
        <ConventionContactForm collectivite={data} back={back} />
      ) : null}
    </>
  );
}
