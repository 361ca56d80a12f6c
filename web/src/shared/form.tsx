/**
 * Forms validated as the user types with the server's own zod schemas, showing the server's field
 * messages (400 `fields`) beside the field they name. A field shows its error once the user has left
 * it or tried to send the form; after that the message follows each keystroke. Errors are tied to
 * their field (aria-describedby, aria-invalid) and announced (aria-live), and a summary with links
 * to each field is announced and focused when sending fails.
 */
import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { FieldIssue } from './api.ts';

/** One message per field, keyed by the field's name in the schema (first segment of its path). */
export type FieldErrors = Partial<Record<string, string>>;

/** The first message for each field of a zod error ("territories.0" counts for "territories"). */
export function errorsFromIssues(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.length > 0 ? String(issue.path[0]) : FORM_ERROR;
    errors[key] ??= issue.message;
  }
  return errors;
}

/** Key of the errors that name no field. */
export const FORM_ERROR = '_form';

/** The server's `fields` of a 400 (or of a 422 that names its field), keyed like the form's fields. */
export function errorsFromServer(fields: readonly FieldIssue[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of fields) {
    const path = issue.field.replace(/^body\.?/, '');
    const key = path === '' ? FORM_ERROR : (path.split('.')[0] ?? FORM_ERROR);
    errors[key] = errors[key] ? `${errors[key]} ; ${issue.message}` : issue.message;
  }
  return errors;
}

export interface FormState<V> {
  values: V;
  set: <K extends keyof V>(key: K, value: V[K]) => void;
  replace: (values: V) => void;
  touch: (key: keyof V & string) => void;
  /** The message to show beside a field now. */
  errorFor: (key: string) => string | undefined;
  /** Every message the client finds, shown or not yet. */
  clientErrors: FieldErrors;
  serverErrors: FieldErrors;
  setServerErrors: (errors: FieldErrors) => void;
  submitAttempted: boolean;
  /** Marks the form as sent: every error shows; true when the client finds none. */
  attemptSubmit: () => boolean;
}

export function useForm<V extends object>(initial: V, validate: (values: V) => FieldErrors): FormState<V> {
  const [values, setValues] = useState<V>(initial);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [submitAttempted, setSubmitAttempted] = useState(false);
  const clientErrors = useMemo(() => validate(values), [validate, values]);

  const set = useCallback(<K extends keyof V>(key: K, value: V[K]) => {
    setValues((current) => ({ ...current, [key]: value }));
    // The server's message was about the previous value.
    setServerErrors((current) => {
      if (!(key in current)) return current;
      const { [key as string]: _removed, ...rest } = current;
      return rest;
    });
  }, []);
  const touch = useCallback((key: string) => {
    setTouched((current) => (current.has(key) ? current : new Set([...current, key])));
  }, []);
  const errorFor = (key: string): string | undefined =>
    serverErrors[key] ?? (touched.has(key) || submitAttempted ? clientErrors[key] : undefined);
  const attemptSubmit = (): boolean => {
    setSubmitAttempted(true);
    return Object.values(clientErrors).every((message) => message === undefined);
  };
  return {
    values,
    set,
    replace: setValues,
    touch,
    errorFor,
    clientErrors,
    serverErrors,
    setServerErrors,
    submitAttempted,
    attemptSubmit,
  };
}

export interface ControlProps {
  id: string;
  'aria-describedby': string;
  'aria-invalid': boolean | undefined;
  'aria-required': boolean | undefined;
}

function describedBy(id: string, hint: ReactNode | undefined): string {
  return hint ? `${id}-aide ${id}-erreur` : `${id}-erreur`;
}

function FieldError(props: { id: string; error: string | undefined }) {
  return (
    <div id={`${props.id}-erreur`} className="field-error-slot" aria-live="polite">
      {props.error ? (
        <p className="field-error">
          <span className="visually-hidden">Erreur : </span>
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

function RequiredMark() {
  return <span className="required"> (obligatoire)</span>;
}

/** A labelled control with its hint and its error. */
export function Field(props: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error: string | undefined;
  required?: boolean;
  className?: string;
  children: (control: ControlProps) => ReactNode;
}) {
  return (
    <div
      className={`field${props.error ? ' field--error' : ''}${props.className ? ` ${props.className}` : ''}`}
    >
      <label htmlFor={props.id} className="field__label">
        {props.label}
        {props.required ? <RequiredMark /> : null}
      </label>
      {props.hint ? (
        <p id={`${props.id}-aide`} className="field__hint">
          {props.hint}
        </p>
      ) : null}
      {props.children({
        id: props.id,
        'aria-describedby': describedBy(props.id, props.hint),
        'aria-invalid': props.error ? true : undefined,
        'aria-required': props.required ? true : undefined,
      })}
      <FieldError id={props.id} error={props.error} />
    </div>
  );
}

/** A group of checkboxes or radio buttons under one legend, with its hint and its error. */
export function FieldGroup(props: {
  id: string;
  legend: ReactNode;
  hint?: ReactNode;
  error: string | undefined;
  required?: boolean;
  /** How the options are laid out: "checkbox-grid" (columns) or "radio-row" (one line). */
  layout?: 'checkbox-grid' | 'radio-row';
  children: ReactNode;
}) {
  return (
    <fieldset
      id={props.id}
      className={`field field-group${props.error ? ' field--error' : ''}`}
      aria-describedby={describedBy(props.id, props.hint)}
      aria-invalid={props.error ? true : undefined}
      tabIndex={-1}
    >
      <legend className="field__label">
        {props.legend}
        {props.required ? <RequiredMark /> : null}
      </legend>
      {props.hint ? (
        <p id={`${props.id}-aide`} className="field__hint">
          {props.hint}
        </p>
      ) : null}
      <div className={props.layout ?? 'radio-row'}>{props.children}</div>
      <FieldError id={props.id} error={props.error} />
    </fieldset>
  );
}

export interface SummaryItem {
  /** The id of the control to go to. */
  target: string;
  label: string;
  message: string;
}

/** The list of errors shown when sending fails, announced and focused. */
export function ErrorSummary(props: { items: SummaryItem[]; title?: string; generation: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const count = props.items.length;
  useEffect(() => {
    // Focus on each failed attempt (generation changes), not on each keystroke.
    if (props.generation > 0) ref.current?.focus();
  }, [props.generation]);
  if (count === 0) return null;
  return (
    <div ref={ref} className="notice notice--error error-summary" role="alert" tabIndex={-1}>
      <p className="notice__title">
        {props.title ??
          (count === 1 ? 'Le formulaire contient une erreur' : `Le formulaire contient ${count} erreurs`)}
      </p>
      <ul>
        {props.items.map((item) => (
          <li key={`${item.target}-${item.message}`}>
            <a
              href={`#${item.target}`}
              onClick={(event) => {
                const element = document.getElementById(item.target);
                if (element) {
                  event.preventDefault();
                  element.focus();
                  element.scrollIntoView({ block: 'center' });
                }
              }}
            >
              {item.label}
            </a>{' '}
            : {item.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The summary's items once the user has tried to send the form: its visible errors in the order of
 * the form's fields, then the server's messages that name no field of the form.
 */
export function summaryItems(
  fields: readonly { key: string; target: string; label: string }[],
  form: {
    errorFor: (key: string) => string | undefined;
    serverErrors: FieldErrors;
    submitAttempted: boolean;
  },
): SummaryItem[] {
  if (!form.submitAttempted) return [];
  const items: SummaryItem[] = [];
  for (const field of fields) {
    const message = form.errorFor(field.key);
    if (message) items.push({ target: field.target, label: field.label, message });
  }
  for (const [key, message] of Object.entries(form.serverErrors)) {
    if (message && !fields.some((field) => field.key === key))
      items.push({ target: 'formulaire', label: key === FORM_ERROR ? 'Formulaire' : key, message });
  }
  return items;
}
