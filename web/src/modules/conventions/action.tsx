/**
 * What every form of a convention's page shares: sending one request and keeping what the server
 * answered — the field messages of a 400 (or of a 422 that names its field) beside their field, any
 * other refusal (422 with its French message and, for a blocked payment, its reasons; 409 with a way
 * to read the convention again) in a notice — and a date typed JJ/MM/AAAA.
 */
import { type ReactNode, useCallback, useState } from 'react';
import { ApiError } from '../../shared/api.ts';
import { errorsFromServer, Field, type FieldErrors } from '../../shared/form.tsx';
import { Notice } from '../../shared/ui.tsx';

export interface Submit {
  sending: boolean;
  failure: ApiError | null;
  reset: () => void;
  /**
   * Runs the request: its answer, or null when it was refused (the refusal kept in `failure`, the
   * messages naming a field given to the form, shown beside that field).
   */
  run: <T>(work: () => Promise<T>, options?: { onError?: (error: ApiError) => void }) => Promise<T | null>;
}

export function useSubmit(form?: { setServerErrors: (errors: FieldErrors) => void }): Submit {
  const [sending, setSending] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const setServerErrors = form?.setServerErrors;

  const reset = useCallback(() => setFailure(null), []);
  const run = useCallback(
    async <T,>(
      work: () => Promise<T>,
      options?: { onError?: (error: ApiError) => void },
    ): Promise<T | null> => {
      setSending(true);
      setFailure(null);
      setServerErrors?.({});
      try {
        return await work();
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        if (error.status !== 409) setServerErrors?.(errorsFromServer(error.fields));
        setFailure(error);
        options?.onError?.(error);
        return null;
      } finally {
        setSending(false);
      }
    },
    [setServerErrors],
  );
  return { sending, failure, reset, run };
}

/** The reasons a 422 carries in its details (a blocked payment: details.reasons). */
export function reasonsOf(error: ApiError): string[] {
  const reasons = error.details?.reasons;
  if (!Array.isArray(reasons)) return [];
  return reasons.flatMap((reason: unknown) =>
    typeof reason === 'object' &&
    reason !== null &&
    typeof (reason as { message?: unknown }).message === 'string'
      ? [(reason as { message: string }).message]
      : [],
  );
}

/**
 * A refusal that no field of the form shows: the 422's message (and its reasons), the 409 with a
 * button to read the record again, a field of the body the form does not have.
 */
export function Refusal(props: {
  failure: ApiError | null;
  /** The body's keys the form shows beside their field. */
  fields: readonly string[];
  title?: string;
  onReload: () => void;
  reloadLabel?: string;
}) {
  const { failure } = props;
  if (!failure) return null;
  const shown = failure.fields.length > 0 && failure.status !== 409;
  const named = errorsFromServer(failure.fields);
  const others = Object.entries(named).filter(([key]) => !props.fields.includes(key));
  // Every message is beside its field already.
  if (shown && others.length === 0) return null;
  if (failure.status === 409) {
    return (
      <Notice kind="warning" live="alert" title="Modifiée par quelqu’un d’autre">
        <p>{failure.message}</p>
        <p>
          Rien n’a été enregistré : relisez la convention telle qu’elle est maintenant, puis refaites votre
          saisie.
        </p>
        <button type="button" className="button button--secondary button--small" onClick={props.onReload}>
          {props.reloadLabel ?? 'Recharger la convention'}
        </button>
      </Notice>
    );
  }
  const reasons = reasonsOf(failure);
  return (
    <Notice
      kind="error"
      live="alert"
      title={
        failure.status === 0
          ? 'Serveur injoignable'
          : (props.title ?? (failure.status === 422 ? 'Opération refusée' : 'Enregistrement refusé'))
      }
    >
      {reasons.length > 0 ? (
        <ul className="convention-reasons">
          {reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      ) : shown ? (
        <ul className="convention-reasons">
          {others.map(([key, message]) => (
            <li key={key}>{message}</li>
          ))}
        </ul>
      ) : (
        <p>{failure.message}</p>
      )}
    </Notice>
  );
}

/** A date typed as text, JJ/MM/AAAA (a native date field would show the browser's order). */
export function DateField(props: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  value: string;
  error: string | undefined;
  required?: boolean;
  onChange: (value: string) => void;
  onBlur?: () => void;
}) {
  return (
    <Field
      id={props.id}
      label={props.label}
      hint={props.hint ?? 'JJ/MM/AAAA'}
      error={props.error}
      required={props.required ?? false}
      className="convention-field--date"
    >
      {(control) => (
        <input
          {...control}
          type="text"
          inputMode="numeric"
          autoComplete="off"
          value={props.value}
          onChange={(event) => props.onChange(event.target.value)}
          onBlur={props.onBlur}
        />
      )}
    </Field>
  );
}

/** A form's submit button (showing that it is sending) and its cancel button. */
export function FormButtons(props: {
  sending: boolean;
  label: string;
  danger?: boolean;
  small?: boolean;
  onCancel: () => void;
}) {
  const size = props.small ? ' button--small' : '';
  return (
    <div className="form-actions">
      <button
        type="submit"
        className={`${props.danger ? 'button button--danger' : 'button'}${size}`}
        disabled={props.sending}
      >
        {props.sending ? 'Enregistrement…' : props.label}
      </button>
      <button type="button" className={`button button--tertiary${size}`} onClick={props.onCancel}>
        Annuler
      </button>
    </div>
  );
}
