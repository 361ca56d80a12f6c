/**
 * The bank details the payments go to: the structure's IBAN and BIC, what makes them unusable
 * (`bankProblems`, which block its payments), and for payments:write a small form checked as typed
 * with the server's own rules (IBAN key and clé RIB, BIC, same country), saved with the structure's
 * version; the convention is read again after, its payments' blockers with it.
 */
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import {
  checkBicMatchesIban,
  formatIban,
  validateBic,
  validateIban,
} from '../../../../src/kernel/identifiers.ts';
import { request } from '../../shared/api.ts';
import { Field, type FieldErrors, useForm } from '../../shared/form.tsx';
import { Notice, Section } from '../../shared/ui.tsx';
import { useSession } from '../identity/session.tsx';
import type { Structure } from '../structures/types.ts';
import { FormButtons, Refusal, useSubmit } from './action.tsx';
import type { ConventionDetail } from './types.ts';

interface BankValues {
  iban: string;
  bic: string;
}

function validateBank(values: BankValues): FieldErrors {
  const errors: FieldErrors = {};
  const iban = values.iban.trim() === '' ? null : validateIban(values.iban);
  const bic = values.bic.trim() === '' ? null : validateBic(values.bic);
  if (iban && !iban.ok) errors.iban = iban.message;
  if (bic && !bic.ok) errors.bic = bic.message;
  if (iban?.ok && bic?.ok) {
    const match = checkBicMatchesIban(bic.value, iban.value);
    if (match.level === 'error') errors.bic = match.message;
  }
  return errors;
}

function BankForm(props: {
  structure: ConventionDetail['structure'];
  onSaved: (message: string) => void;
  onCancel: () => void;
  onReload: () => void;
}) {
  const { structure } = props;
  const form = useForm<BankValues>(
    { iban: structure.iban ? formatIban(structure.iban) : '', bic: structure.bic ?? '' },
    validateBank,
  );
  const submit = useSubmit(form);
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!form.attemptSubmit()) return;
    const iban = form.values.iban.trim() === '' ? null : form.values.iban.replace(/\s+/g, '').toUpperCase();
    const bic = form.values.bic.trim() === '' ? null : form.values.bic.replace(/\s+/g, '').toUpperCase();
    const saved = await submit.run(() =>
      request<Structure>('PUT', `/api/structures/${structure.id}/bank-details`, {
        iban,
        bic,
        version: structure.version,
      }),
    );
    if (saved)
      props.onSaved(
        `Coordonnées bancaires de ${structure.name} enregistrées${iban ? ` : IBAN ${formatIban(iban)}${bic ? `, BIC ${bic}` : ''}` : ''}.`,
      );
  };

  return (
    <form
      className="convention-form-panel"
      noValidate
      onSubmit={onSubmit}
      aria-labelledby="banque-formulaire-titre"
    >
      <h3 id="banque-formulaire-titre">Coordonnées bancaires de {structure.name}</h3>
      <Refusal failure={submit.failure} fields={['iban', 'bic']} onReload={props.onReload} />
      <div className="convention-form-panel__fields">
        <Field
          id="banque-iban"
          label="IBAN"
          hint="Tel qu’il figure sur le RIB, par exemple FR76 3000 6000 0112 3456 7890 189 ; vide s’il n’est pas connu."
          error={form.errorFor('iban')}
          className="convention-field--iban"
        >
          {(control) => (
            <input
              {...control}
              ref={ref}
              type="text"
              autoComplete="off"
              spellCheck={false}
              value={form.values.iban}
              onChange={(event) => form.set('iban', event.target.value)}
              onBlur={() => form.touch('iban')}
            />
          )}
        </Field>
        <Field
          id="banque-bic"
          label="BIC"
          hint="8 ou 11 caractères, par exemple AGRIFRPP."
          error={form.errorFor('bic')}
          className="convention-field--bic"
        >
          {(control) => (
            <input
              {...control}
              type="text"
              autoComplete="off"
              spellCheck={false}
              value={form.values.bic}
              onChange={(event) => form.set('bic', event.target.value)}
              onBlur={() => form.touch('bic')}
            />
          )}
        </Field>
      </div>
      <FormButtons
        sending={submit.sending}
        label="Enregistrer les coordonnées bancaires"
        onCancel={props.onCancel}
      />
    </form>
  );
}

export function BankDetails(props: { convention: ConventionDetail; onReload: () => void }) {
  const { structure } = props.convention;
  const { can } = useSession();
  const [editing, setEditing] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [focusToggle, setFocusToggle] = useState(false);
  const toggleRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (focusToggle && !editing) {
      toggleRef.current?.focus();
      setFocusToggle(false);
    }
  }, [focusToggle, editing]);
  const close = useCallback(() => {
    setEditing(false);
    setFocusToggle(true);
  }, []);

  return (
    <Section title="Coordonnées bancaires" id="banque">
      <dl className="description-list">
        <div className="description-list__item">
          <dt>IBAN</dt>
          <dd>
            {structure.iban ? (
              <span className="convention-iban">{formatIban(structure.iban)}</span>
            ) : (
              <span className="missing">non renseigné</span>
            )}
          </dd>
        </div>
        <div className="description-list__item">
          <dt>BIC</dt>
          <dd>{structure.bic ?? <span className="missing">non renseigné</span>}</dd>
        </div>
        <div className="description-list__item">
          <dt>Structure</dt>
          <dd>{structure.name}</dd>
        </div>
      </dl>
      {structure.bankProblems.length > 0 ? (
        <Notice kind="warning" title="Coordonnées bancaires inutilisables : les versements sont bloqués">
          <ul className="convention-reasons">
            {structure.bankProblems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </Notice>
      ) : null}
      {message && !editing ? (
        <Notice kind="success" live="status">
          <p>{message}</p>
        </Notice>
      ) : null}
      {can('payments:write') ? (
        editing ? (
          <BankForm
            structure={structure}
            onSaved={(text) => {
              setMessage(text);
              close();
              props.onReload();
            }}
            onCancel={close}
            onReload={() => {
              setEditing(false);
              props.onReload();
            }}
          />
        ) : (
          <button
            ref={toggleRef}
            type="button"
            className="button button--secondary button--small"
            aria-expanded={false}
            onClick={() => {
              setMessage(null);
              setEditing(true);
            }}
          >
            Modifier les coordonnées bancaires
          </button>
        )
      ) : null}
    </Section>
  );
}
