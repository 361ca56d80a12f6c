/**
 * A short form of a few fields sending one request: recording a payment as paid, cancelling a
 * payment or a recovery order, collecting a recovery order, voting or closing an amendment,
 * recording yearly accounts. Dates typed JJ/MM/AAAA, checked as typed; the server's field messages
 * beside their field, its other refusals in a notice above (Refusal).
 */
import { type FormEvent, useCallback, useEffect, useRef } from 'react';
import { Field, type FieldErrors, useForm } from '../../shared/form.tsx';
import { DateField, FormButtons, Refusal, useSubmit } from './action.tsx';
import { requiredDate } from './convention-format.ts';

export type SmallField =
  | { key: string; kind: 'date'; label: string; hint?: string; initial?: string }
  | { key: string; kind: 'text' | 'textarea'; label: string; hint?: string; initial?: string }
  | {
      key: string;
      kind: 'select';
      label: string;
      hint?: string;
      initial?: string;
      options: readonly { value: string; label: string }[];
    }
  | { key: string; kind: 'year'; label: string; hint?: string; initial?: string };

type Values = Record<string, string>;

/** The body's value of each field: a plain date, a trimmed text, a year. */
export type Parsed = Record<string, string | number | null>;

function check(fields: readonly SmallField[], values: Values): FieldErrors {
  const errors: FieldErrors = {};
  for (const field of fields) {
    const text = values[field.key] ?? '';
    if (field.kind === 'date') {
      const date = requiredDate(text, `la date (${field.label.toLowerCase()})`);
      if (date.error) errors[field.key] = date.error;
    } else if (field.kind === 'year') {
      if (!/^\d{4}$/.test(text.trim()))
        errors[field.key] = `${field.label} : une année sur quatre chiffres (AAAA).`;
    } else if (text.trim() === '') {
      errors[field.key] = `${field.label} : à renseigner.`;
    }
  }
  return errors;
}

function parse(fields: readonly SmallField[], values: Values): Parsed {
  const parsed: Parsed = {};
  for (const field of fields) {
    const text = values[field.key] ?? '';
    if (field.kind === 'date') parsed[field.key] = requiredDate(text, '').value;
    else if (field.kind === 'year') parsed[field.key] = Number(text.trim());
    else parsed[field.key] = text.trim();
  }
  return parsed;
}

export function SmallForm<T>(props: {
  id: string;
  title: string;
  fields: readonly SmallField[];
  submitLabel: string;
  danger?: boolean;
  send: (values: Parsed) => Promise<T>;
  onDone: (answer: T, values: Parsed) => void;
  onCancel: () => void;
  onReload: () => void;
  refusalTitle?: string;
}) {
  const { fields } = props;
  const validate = useCallback((values: Values) => check(fields, values), [fields]);
  const form = useForm<Values>(
    Object.fromEntries(fields.map((field) => [field.key, field.initial ?? ''])),
    validate,
  );
  const submit = useSubmit(form);
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('input, select, textarea')?.focus();
  }, []);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!form.attemptSubmit()) return;
    const values = parse(fields, form.values);
    const answer = await submit.run(() => props.send(values));
    if (answer !== null) props.onDone(answer, values);
  };

  return (
    <form
      ref={ref}
      className="convention-inline-form"
      noValidate
      onSubmit={onSubmit}
      aria-labelledby={`${props.id}-titre`}
    >
      <p id={`${props.id}-titre`} className="convention-inline-form__title">
        {props.title}
      </p>
      <Refusal
        failure={submit.failure}
        fields={fields.map((field) => field.key)}
        title={props.refusalTitle}
        onReload={props.onReload}
      />
      <div className="convention-inline-form__fields">
        {fields.map((field) => {
          const id = `${props.id}-${field.key}`;
          const value = form.values[field.key] ?? '';
          const change = (next: string) => form.set(field.key, next);
          const blur = () => form.touch(field.key);
          if (field.kind === 'date') {
            return (
              <DateField
                key={field.key}
                id={id}
                label={field.label}
                hint={field.hint}
                required
                value={value}
                error={form.errorFor(field.key)}
                onChange={change}
                onBlur={blur}
              />
            );
          }
          return (
            <Field
              key={field.key}
              id={id}
              label={field.label}
              hint={field.hint}
              required
              error={form.errorFor(field.key)}
              className={field.kind === 'textarea' ? 'convention-field--wide' : undefined}
            >
              {(control) =>
                field.kind === 'select' ? (
                  <select
                    {...control}
                    value={value}
                    onChange={(event) => change(event.target.value)}
                    onBlur={blur}
                  >
                    {field.options.map((option) => (
                      <option key={option.value} value={option.value}>
                        {option.label}
                      </option>
                    ))}
                  </select>
                ) : field.kind === 'textarea' ? (
                  <textarea
                    {...control}
                    rows={2}
                    value={value}
                    onChange={(event) => change(event.target.value)}
                    onBlur={blur}
                  />
                ) : (
                  <input
                    {...control}
                    type="text"
                    inputMode={field.kind === 'year' ? 'numeric' : undefined}
                    autoComplete="off"
                    value={value}
                    onChange={(event) => change(event.target.value)}
                    onBlur={blur}
                  />
                )
              }
            </Field>
          );
        })}
      </div>
      <FormButtons
        sending={submit.sending}
        label={props.submitLabel}
        danger={props.danger ?? false}
        small
        onCancel={props.onCancel}
      />
    </form>
  );
}
