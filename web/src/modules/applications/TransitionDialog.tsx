/**
 * Changing an application's state: a modal dialog that says what the change does, asks for the
 * motivation recorded in the history (and the date of the vote), and shows the server's refusal as
 * it comes (budget exceeded with its figures, transition not allowed, changed by someone else).
 */
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { transitionInputSchema } from '../../../../src/modules/applications/applications.schemas.ts';
import { ApiError, api } from '../../shared/api.ts';
import { errorsFromIssues, errorsFromServer, Field, type FieldErrors, useForm } from '../../shared/form.tsx';
import { parseDateInput } from '../../shared/format.ts';
import { Notice } from '../../shared/ui.tsx';
import { STATE_LABELS, transitionConsequence, transitionLabel } from './states.ts';
import type { ApplicationDetail, ApplicationState } from './types.ts';

interface Values {
  motivation: string;
  decidedOn: string;
}

export function TransitionDialog(props: {
  application: ApplicationDetail;
  to: ApplicationState;
  onCancel: () => void;
  onDone: (application: ApplicationDetail) => void;
  onReload: () => void;
}) {
  const { application, to } = props;
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [sending, setSending] = useState(false);
  const validate = useCallback(
    (values: Values): FieldErrors => {
      const decidedOn = parseDateInput(values.decidedOn, 'la date du vote');
      const result = transitionInputSchema.safeParse({
        to,
        motivation: values.motivation,
        decidedOn: decidedOn.ok ? (decidedOn.value ?? undefined) : undefined,
        version: application.version,
      });
      return {
        ...(result.success ? {} : errorsFromIssues(result.error.issues)),
        ...(decidedOn.ok ? {} : { decidedOn: decidedOn.message }),
      };
    },
    [to, application.version],
  );
  const form = useForm<Values>({ motivation: '', decidedOn: '' }, validate);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  const label = transitionLabel(application.state, to);
  const consequence = transitionConsequence(application.state, to);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    if (!form.attemptSubmit()) {
      document
        .getElementById(form.clientErrors.motivation ? 'transition-motivation' : 'transition-date')
        ?.focus();
      return;
    }
    const decidedOn = parseDateInput(form.values.decidedOn, '');
    setSending(true);
    try {
      const updated = await api.post<ApplicationDetail>(`/api/applications/${application.id}/transitions`, {
        to,
        motivation: form.values.motivation.trim(),
        ...(decidedOn.ok && decidedOn.value ? { decidedOn: decidedOn.value } : {}),
        version: application.version,
      });
      props.onDone(updated);
    } catch (error) {
      if (error instanceof ApiError) {
        setFailure(error);
        if (error.status === 400) form.setServerErrors(errorsFromServer(error.fields));
      }
    } finally {
      setSending(false);
    }
  };

  return (
    <dialog
      ref={dialogRef}
      className="dialog"
      aria-labelledby="transition-titre"
      onCancel={(event) => {
        event.preventDefault();
        props.onCancel();
      }}
    >
      <form noValidate onSubmit={onSubmit}>
        <h2 id="transition-titre">{label}</h2>
        <p>
          La demande <strong>{application.reference}</strong> passera de « {STATE_LABELS[application.state]} »
          à « {STATE_LABELS[to]} ».
        </p>
        {consequence ? <p className="muted">{consequence}</p> : null}
        {failure && failure.status !== 400 ? (
          <Notice
            kind="error"
            live="alert"
            title={
              failure.status === 409
                ? 'Modifiée par quelqu’un d’autre'
                : failure.code === 'BUDGET_EXCEEDED'
                  ? 'Crédits insuffisants'
                  : 'Changement refusé'
            }
          >
            <p>{failure.message}</p>
            {failure.status === 409 ? (
              <button
                type="button"
                className="button button--secondary button--small"
                onClick={props.onReload}
              >
                Recharger la demande
              </button>
            ) : null}
          </Notice>
        ) : null}
        <Field
          id="transition-motivation"
          label="Motivation"
          hint="Elle est inscrite à l’historique de la demande."
          required
          error={form.errorFor('motivation')}
        >
          {(control) => (
            <textarea
              {...control}
              rows={4}
              value={form.values.motivation}
              onChange={(event) => form.set('motivation', event.target.value)}
              onBlur={() => form.touch('motivation')}
            />
          )}
        </Field>
        {to === 'voted' ? (
          <Field
            id="transition-date"
            label="Date du vote"
            hint="JJ/MM/AAAA ; par défaut, la date du jour."
            error={form.errorFor('decidedOn')}
          >
            {(control) => (
              <input
                {...control}
                type="text"
                inputMode="numeric"
                autoComplete="off"
                value={form.values.decidedOn}
                onChange={(event) => form.set('decidedOn', event.target.value)}
                onBlur={() => form.touch('decidedOn')}
              />
            )}
          </Field>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="button" disabled={sending}>
            {sending ? 'Enregistrement…' : label}
          </button>
          <button type="button" className="button button--secondary" onClick={props.onCancel}>
            Annuler
          </button>
        </div>
      </form>
    </dialog>
  );
}
