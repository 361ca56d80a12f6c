/**
 * The dates the session's deliberations were sent to the contrôle de légalité and published, in the
 * page's header, and their form for the secretariat (committee:write): typed JJ/MM/AAAA, empty
 * while it has not happened, checked as typed (a date, not before the session), the server's
 * messages (400 `fields`) beside their field, a 409 shown beside the user's values (ConflictPanel).
 */
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, api, request } from '../../shared/api.ts';
import { ConflictPanel } from '../../shared/Conflict.tsx';
import { ErrorSummary, errorsFromServer, Field, type FieldErrors, FORM_ERROR } from '../../shared/form.tsx';
import { formatDate, parseDateInput } from '../../shared/format.ts';
import { Notice } from '../../shared/ui.tsx';
import { useSession } from '../identity/session.tsx';
import type { SessionView } from './types.ts';
import { useVersionedDraft } from './versioned-draft.ts';

interface LegalityValues {
  sentToLegalityControlOn: string;
  publishedOn: string;
}

type Key = keyof LegalityValues;

const FIELDS: { key: Key; id: string; label: string; what: string; before: string }[] = [
  {
    key: 'sentToLegalityControlOn',
    id: 'seance-legalite',
    label: 'Transmission au contrôle de légalité',
    what: 'la date de transmission',
    before: 'l’envoi au contrôle de légalité ne peut précéder la séance',
  },
  {
    key: 'publishedOn',
    id: 'seance-publication',
    label: 'Publication',
    what: 'la date de publication',
    before: 'la publication ne peut précéder la séance',
  },
];

/** "01/06/2023", "1/6/2023", "2023-06-01": typed in full. */
const COMPLETE = /^(\d{1,2}\/\d{1,2}\/\d{4}|\d{4}-\d{2}-\d{2})$/;

function valuesOf(session: SessionView): LegalityValues {
  return {
    sentToLegalityControlOn: session.sentToLegalityControlOn
      ? formatDate(session.sentToLegalityControlOn)
      : '',
    publishedOn: session.publishedOn ? formatDate(session.publishedOn) : '',
  };
}

function validate(session: SessionView, values: LegalityValues): FieldErrors {
  const errors: FieldErrors = {};
  for (const field of FIELDS) {
    const parsed = parseDateInput(values[field.key], field.what);
    if (!parsed.ok) errors[field.key] = parsed.message;
    else if (parsed.value !== null && parsed.value < session.date) {
      errors[field.key] = `${field.before} (séance du ${formatDate(session.date)})`;
    }
  }
  return errors;
}

/** The two dates as the header shows them ("non transmise", "non publiée" until they happen). */
export function LegalityItems(props: { session: SessionView }) {
  const { session } = props;
  return (
    <>
      <div className="description-list__item">
        <dt>Transmission au contrôle de légalité</dt>
        <dd>
          {session.sentToLegalityControlOn ? (
            formatDate(session.sentToLegalityControlOn)
          ) : (
            <span className="muted">non transmise</span>
          )}
        </dd>
      </div>
      <div className="description-list__item">
        <dt>Publication</dt>
        <dd>
          {session.publishedOn ? formatDate(session.publishedOn) : <span className="muted">non publiée</span>}
        </dd>
      </div>
    </>
  );
}

export function LegalityEditor(props: { session: SessionView; onSession: (session: SessionView) => void }) {
  const { can } = useSession();
  const [open, setOpen] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [focusToggle, setFocusToggle] = useState(false);
  const toggleRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (focusToggle && !open) {
      toggleRef.current?.focus();
      setFocusToggle(false);
    }
  }, [focusToggle, open]);
  if (!can('committee:write')) return null;
  return (
    <div className="committee-legality">
      {open ? null : (
        <button
          ref={toggleRef}
          type="button"
          className="button button--secondary button--small"
          aria-expanded={false}
          aria-controls="seance-dates-formulaire"
          onClick={() => {
            setSaved(null);
            setOpen(true);
          }}
        >
          Modifier les dates de transmission et de publication
        </button>
      )}
      {saved && !open ? (
        <Notice kind="success" live="status">
          <p>{saved}</p>
        </Notice>
      ) : null}
      {open ? (
        <LegalityForm
          session={props.session}
          onSession={props.onSession}
          onDone={(message) => {
            setOpen(false);
            setSaved(message);
            setFocusToggle(true);
          }}
        />
      ) : null}
    </div>
  );
}

function LegalityForm(props: {
  session: SessionView;
  onSession: (session: SessionView) => void;
  onDone: (message: string | null) => void;
}) {
  const { session, onSession } = props;
  const current = useMemo(() => valuesOf(session), [session]);
  const draft = useVersionedDraft<LegalityValues>(session.version, current);
  const [touched, setTouched] = useState<ReadonlySet<Key>>(new Set());
  const [attempt, setAttempt] = useState(0);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [conflict, setConflict] = useState<SessionView | null>(null);
  const [sending, setSending] = useState(false);
  const firstRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    firstRef.current?.focus();
  }, []);

  const clientErrors = useMemo(() => validate(session, draft.values), [session, draft.values]);
  // Checked as typed once the text reads as a whole date (or the field was left, or sent).
  const errorFor = (key: Key) =>
    serverErrors[key] ??
    (touched.has(key) || attempt > 0 || COMPLETE.test(draft.values[key].trim())
      ? clientErrors[key]
      : undefined);
  const summary =
    attempt > 0
      ? FIELDS.flatMap((field) => {
          const message = errorFor(field.key);
          return message ? [{ target: field.id, label: field.label, message }] : [];
        })
      : [];

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    setServerErrors({});
    if (Object.values(clientErrors).some(Boolean)) {
      setAttempt((value) => value + 1);
      return;
    }
    const date = (key: Key) => {
      const parsed = parseDateInput(draft.values[key], '');
      return parsed.ok ? parsed.value : null;
    };
    setSending(true);
    try {
      const updated = await request<SessionView>('PUT', `/api/sessions/${session.date}/legality`, {
        sentToLegalityControlOn: date('sentToLegalityControlOn'),
        publishedOn: date('publishedOn'),
        version: draft.version,
      });
      onSession(updated);
      props.onDone(
        `Dates enregistrées : transmission au contrôle de légalité ${updated.sentToLegalityControlOn ? `le ${formatDate(updated.sentToLegalityControlOn)}` : 'non faite'}, publication ${updated.publishedOn ? `le ${formatDate(updated.publishedOn)}` : 'non faite'}.`,
      );
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.status === 409) {
        try {
          setConflict(await api.get<SessionView>(`/api/sessions/${session.date}`));
        } catch {
          setFailure(error.message);
        }
      } else if (error.status === 400 && error.fields.length > 0) {
        const errors = errorsFromServer(error.fields);
        setServerErrors(errors);
        const other = Object.entries(errors)
          .filter(([key]) => !FIELDS.some((field) => field.key === key))
          .map(([key, message]) => (key === FORM_ERROR ? message : `${key} : ${message}`));
        if (other.length > 0) setFailure(other.join(' ; '));
        setAttempt((value) => value + 1);
      } else setFailure(error.message);
    } finally {
      setSending(false);
    }
  };

  const theirs = conflict ? valuesOf(conflict) : null;
  const resolve = (keep: 'mine' | 'theirs') => {
    if (!conflict || !theirs) return;
    draft.adopt(conflict.version, theirs, keep);
    onSession(conflict);
    setConflict(null);
  };

  return (
    <form
      id="seance-dates-formulaire"
      className="committee-legality__form"
      noValidate
      onSubmit={onSubmit}
      aria-labelledby="seance-dates-titre"
    >
      <h2 id="seance-dates-titre" className="committee-legality__title">
        Dates de transmission et de publication
      </h2>
      {conflict && theirs ? (
        <ConflictPanel<LegalityValues>
          title="Séance modifiée par quelqu’un d’autre"
          fields={FIELDS.map((field) => field.key)}
          label={(key) => FIELDS.find((field) => field.key === key)?.label ?? String(key)}
          describe={(key, values) => values[key] || 'non renseignée'}
          mine={draft.values}
          read={draft.read}
          theirs={theirs}
          onKeepMine={() => resolve('mine')}
          onTakeTheirs={() => resolve('theirs')}
        >
          <p>
            Pendant que vous modifiiez ces dates, la séance a été enregistrée par quelqu’un d’autre (version{' '}
            {conflict.version}). Rien n’a été écrasé : comparez, puis choisissez.
          </p>
        </ConflictPanel>
      ) : null}
      <ErrorSummary items={summary} generation={attempt} />
      <div className="committee-legality__fields">
        {FIELDS.map((field, index) => (
          <Field
            key={field.key}
            id={field.id}
            label={field.label}
            hint="JJ/MM/AAAA ; vide tant qu’elle n’a pas eu lieu."
            error={errorFor(field.key)}
          >
            {(control) => (
              <input
                {...control}
                ref={index === 0 ? firstRef : undefined}
                type="text"
                inputMode="numeric"
                autoComplete="off"
                className="committee-legality__input"
                value={draft.values[field.key]}
                onChange={(event) => {
                  const value = event.target.value;
                  draft.setValues((values) => ({ ...values, [field.key]: value }));
                  setServerErrors(({ [field.key]: _removed, ...rest }) => rest);
                }}
                onBlur={() => setTouched((keys) => new Set([...keys, field.key]))}
              />
            )}
          </Field>
        ))}
      </div>
      {failure ? (
        <Notice kind="error" live="alert" title="Enregistrement refusé">
          <p>{failure}</p>
        </Notice>
      ) : null}
      <div className="form-actions">
        <button type="submit" className="button" disabled={sending}>
          {sending ? 'Enregistrement…' : 'Enregistrer les dates'}
        </button>
        <button type="button" className="button button--tertiary" onClick={() => props.onDone(null)}>
          Annuler
        </button>
      </div>
    </form>
  );
}
