/**
 * The changes of state a convention allows now (its `actions`), for conventions:write: sending it
 * for signature, recording the signature (its date and the signed PDF, read in the browser and sent
 * as base64), its entry into force, its termination (kind, ground, dates, with the effective date
 * computed as the server computes it: un mois franc after receipt) and its closing. One form open at
 * a time; each carries the convention's version (409: read it again).
 */
import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../shared/api.ts';
import { Field, type FieldErrors, FieldGroup, useForm } from '../../shared/form.tsx';
import { formatDate } from '../../shared/format.ts';
import { Notice, Section } from '../../shared/ui.tsx';
import { useSession } from '../identity/session.tsx';
import { DateField, FormButtons, Refusal, useSubmit } from './action.tsx';
import {
  formatSize,
  MAX_PDF_BYTES,
  readPdf,
  requiredDate,
  TERMINATION_GROUND_LABELS,
  TERMINATION_GROUNDS,
  TERMINATION_KIND_LABELS,
  TERMINATION_KINDS,
  terminationPreview,
  todayText,
} from './convention-format.ts';
import { SmallForm } from './SmallForm.tsx';
import type {
  ConventionAction,
  ConventionDetail,
  DepartementTerminationGround,
  TerminationKind,
} from './types.ts';

type OpenForm =
  | 'send_for_signature'
  | 'return_to_draft'
  | 'sign'
  | 'enter_into_force'
  | 'terminate'
  | 'close';

const BUTTONS: Record<OpenForm, string> = {
  send_for_signature: 'Envoyer pour signature',
  return_to_draft: 'Revenir en préparation',
  sign: 'Enregistrer la signature',
  enter_into_force: 'Déclarer l’entrée en vigueur',
  terminate: 'Résilier la convention',
  close: 'Clore la convention',
};

const ORDER: readonly OpenForm[] = [
  'send_for_signature',
  'sign',
  'return_to_draft',
  'enter_into_force',
  'close',
  'terminate',
];

interface FormProps {
  convention: ConventionDetail;
  onDone: (convention: ConventionDetail, message: string) => void;
  onCancel: () => void;
  onReload: () => void;
}

function useFocusFirst() {
  const ref = useRef<HTMLFormElement>(null);
  useEffect(() => {
    ref.current?.querySelector<HTMLElement>('input, select, textarea')?.focus();
  }, []);
  return ref;
}

// ---------------------------------------------------------------------------------------------
// A date, and nothing else: sending for signature, entry into force, closing

const DATE_ACTIONS = {
  send_for_signature: {
    path: 'send-for-signature',
    title: 'Envoi pour signature',
    label: 'Date d’envoi à la structure',
    what: 'la date d’envoi',
    hint: 'JJ/MM/AAAA ; la signature ne pourra pas lui être antérieure.',
    submit: 'Enregistrer l’envoi',
    done: (c: ConventionDetail) =>
      `Convention ${c.number} envoyée pour signature le ${formatDate(c.sentForSignatureOn)}.`,
  },
  enter_into_force: {
    path: 'entry-into-force',
    title: 'Entrée en vigueur',
    label: 'Date de la constatation',
    what: 'la date',
    hint: 'JJ/MM/AAAA ; la convention s’applique à partir du début de sa période, ou de sa signature si elle est postérieure.',
    submit: 'Déclarer en vigueur',
    done: (c: ConventionDetail) =>
      `Convention ${c.number} en vigueur depuis le ${formatDate(c.inForceFrom)}.`,
  },
  close: {
    path: 'close',
    title: 'Clôture',
    label: 'Date de clôture',
    what: 'la date de clôture',
    hint: 'JJ/MM/AAAA ; après la fin de la période, une fois le solde versé ou le titre de recettes émis.',
    submit: 'Clore la convention',
    done: (c: ConventionDetail) => `Convention ${c.number} close le ${formatDate(c.closedOn)}.`,
  },
} as const;

function DateActionForm(props: FormProps & { action: keyof typeof DATE_ACTIONS }) {
  const { convention } = props;
  const spec = DATE_ACTIONS[props.action];
  const validate = useCallback(
    (values: { on: string }): FieldErrors => {
      const on = requiredDate(values.on, spec.what);
      return on.error ? { on: on.error } : {};
    },
    [spec.what],
  );
  const form = useForm({ on: todayText() }, validate);
  const submit = useSubmit(form);
  const ref = useFocusFirst();
  const id = `convention-${props.action}`;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!form.attemptSubmit()) return;
    const on = requiredDate(form.values.on, spec.what).value;
    const updated = await submit.run(() =>
      api.post<ConventionDetail>(`/api/conventions/${convention.id}/${spec.path}`, {
        on,
        version: convention.version,
      }),
    );
    if (updated) props.onDone(updated, spec.done(updated));
  };

  return (
    <form
      ref={ref}
      className="convention-form-panel"
      noValidate
      onSubmit={onSubmit}
      aria-labelledby={`${id}-titre`}
    >
      <h3 id={`${id}-titre`}>{spec.title}</h3>
      <Refusal failure={submit.failure} fields={['on']} onReload={props.onReload} />
      <DateField
        id={`${id}-date`}
        label={spec.label}
        hint={spec.hint}
        required
        value={form.values.on}
        error={form.errorFor('on')}
        onChange={(value) => form.set('on', value)}
        onBlur={() => form.touch('on')}
      />
      <FormButtons sending={submit.sending} label={spec.submit} onCancel={props.onCancel} />
    </form>
  );
}

// ---------------------------------------------------------------------------------------------
// Signature: its date and the signed PDF

interface SignatureValues {
  signedOn: string;
  file: File | null;
}

function validateSignature(values: SignatureValues): FieldErrors {
  const errors: FieldErrors = {};
  const signedOn = requiredDate(values.signedOn, 'la date de signature');
  if (signedOn.error) errors.signedOn = signedOn.error;
  if (!values.file) errors.file = 'Choisissez la convention signée (PDF).';
  else if (values.file.size > MAX_PDF_BYTES)
    errors.file = `Le fichier fait ${formatSize(values.file.size)} : la convention signée ne doit pas dépasser 20 Mo.`;
  else if (values.file.size === 0) errors.file = 'Le fichier choisi est vide.';
  return errors;
}

const FILE_KEYS = ['file', 'signedDocument', 'contentBase64', 'fileName'];

function SignatureForm(props: FormProps) {
  const { convention } = props;
  const form = useForm<SignatureValues>({ signedOn: todayText(), file: null }, validateSignature);
  const submit = useSubmit(form);
  const ref = useFocusFirst();
  const fileError = FILE_KEYS.map((key) => form.errorFor(key)).find(Boolean);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!form.attemptSubmit() || !form.values.file) return;
    const read = await readPdf(form.values.file);
    if (!read.ok) {
      form.setServerErrors({ file: read.message });
      return;
    }
    const signedOn = requiredDate(form.values.signedOn, 'la date de signature').value;
    const updated = await submit.run(() =>
      api.post<ConventionDetail>(`/api/conventions/${convention.id}/signature`, {
        signedOn,
        version: convention.version,
        fileName: read.pdf.fileName,
        contentBase64: read.pdf.contentBase64,
      }),
    );
    if (updated)
      props.onDone(
        updated,
        `Signature de la convention ${updated.number} enregistrée : signée le ${formatDate(updated.signedOn)}, ${read.pdf.fileName} déposé.`,
      );
  };

  return (
    <form
      ref={ref}
      className="convention-form-panel"
      noValidate
      onSubmit={onSubmit}
      aria-labelledby="convention-signature-titre"
    >
      <h3 id="convention-signature-titre">Signature de la convention</h3>
      <Refusal failure={submit.failure} fields={['signedOn', ...FILE_KEYS]} onReload={props.onReload} />
      <div className="convention-form-panel__fields">
        <DateField
          id="convention-signature-date"
          label="Date de signature"
          hint={`JJ/MM/AAAA ; ni avant l’envoi pour signature${convention.sentForSignatureOn ? ` (${formatDate(convention.sentForSignatureOn)})` : ''}, ni dans le futur.`}
          required
          value={form.values.signedOn}
          error={form.errorFor('signedOn')}
          onChange={(value) => form.set('signedOn', value)}
          onBlur={() => form.touch('signedOn')}
        />
        <Field
          id="convention-signature-fichier"
          label="Convention signée (PDF)"
          hint="Le PDF signé par les deux parties, 20 Mo au plus ; son empreinte SHA-256 est conservée."
          required
          error={fileError}
        >
          {(control) => (
            <input
              {...control}
              type="file"
              accept="application/pdf,.pdf"
              className="convention-file"
              onChange={(event) => {
                // The server's messages were about the previous file.
                const { signedDocument: _a, contentBase64: _b, fileName: _c, ...rest } = form.serverErrors;
                form.setServerErrors(rest);
                form.set('file', event.target.files?.[0] ?? null);
                form.touch('file');
              }}
            />
          )}
        </Field>
      </div>
      <FormButtons sending={submit.sending} label="Enregistrer la signature" onCancel={props.onCancel} />
    </form>
  );
}

// ---------------------------------------------------------------------------------------------
// Termination (article 10)

interface TerminationValues {
  kind: TerminationKind | '';
  ground: DepartementTerminationGround | '';
  notificationReceivedOn: string;
  leadersHeardOn: string;
}

function validateTermination(values: TerminationValues): FieldErrors {
  const errors: FieldErrors = {};
  if (values.kind === '') errors.kind = 'Choisissez le type de résiliation.';
  const received = requiredDate(values.notificationReceivedOn, 'la date de réception de la notification');
  if (received.error) errors.notificationReceivedOn = received.error;
  if (values.kind === 'by_departement') {
    if (values.ground === '') errors.ground = 'Choisissez le motif de la résiliation.';
    const heard = requiredDate(values.leadersHeardOn, 'la date d’audition des dirigeants');
    if (heard.error) errors.leadersHeardOn = heard.error;
    else if (heard.value && received.value && heard.value > received.value)
      errors.leadersHeardOn = 'Les dirigeants doivent être entendus avant la notification de la résiliation.';
  }
  return errors;
}

function TerminationForm(props: FormProps) {
  const { convention } = props;
  const form = useForm<TerminationValues>(
    { kind: '', ground: '', notificationReceivedOn: '', leadersHeardOn: '' },
    validateTermination,
  );
  const submit = useSubmit(form);
  const ref = useFocusFirst();
  const received = requiredDate(form.values.notificationReceivedOn, 'la date').value;
  const preview = form.values.kind && received ? terminationPreview(form.values.kind, received) : null;
  const byDepartement = form.values.kind === 'by_departement';

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!form.attemptSubmit() || form.values.kind === '') return;
    const kind = form.values.kind;
    const updated = await submit.run(() =>
      api.post<ConventionDetail>(`/api/conventions/${convention.id}/termination`, {
        kind,
        ground: kind === 'by_departement' && form.values.ground !== '' ? form.values.ground : null,
        notificationReceivedOn: received,
        leadersHeardOn:
          kind === 'by_departement' ? requiredDate(form.values.leadersHeardOn, 'la date').value : null,
        version: convention.version,
      }),
    );
    if (updated) {
      const effective = updated.termination
        ? ` ; elle prend effet le ${formatDate(updated.termination.effectiveOn)}`
        : '';
      const orders = updated.recoveryOrders.filter(
        (order) => order.reason === 'termination' && order.state === 'issued',
      );
      props.onDone(
        updated,
        `Résiliation de la convention ${updated.number} enregistrée${effective}.${orders.length > 0 ? ` ${orders.length} titre(s) de recettes émis pour les sommes indûment perçues.` : ''}`,
      );
    }
  };

  return (
    <form
      ref={ref}
      className="convention-form-panel"
      noValidate
      onSubmit={onSubmit}
      aria-labelledby="convention-resiliation-titre"
      aria-describedby="convention-resiliation-regle"
    >
      <h3 id="convention-resiliation-titre">Résiliation de la convention</h3>
      <div id="convention-resiliation-regle" className="convention-rule">
        <p>
          La résiliation prend effet <strong>un mois franc</strong> après la réception de sa notification
          (lettre recommandée avec avis de réception) : ni le jour de la réception ni celui où le mois échoit
          ne comptent. Par exemple, une notification reçue le 15/03/2023 prend effet le 16/04/2023 ; reçue le
          31/01/2023, le 01/03/2023. Pour une déclaration inexacte, la résiliation est sans préavis.
        </p>
        <p>
          Les sommes versées au-delà de ce que vaut la période exécutée font l’objet d’un titre de recettes,
          émis à l’enregistrement.
        </p>
      </div>
      <Refusal
        failure={submit.failure}
        fields={['kind', 'ground', 'notificationReceivedOn', 'leadersHeardOn']}
        onReload={props.onReload}
      />
      <FieldGroup
        id="convention-resiliation-type"
        legend="Type de résiliation"
        required
        error={form.errorFor('kind')}
      >
        {TERMINATION_KINDS.map((kind) => (
          <div className="radio" key={kind}>
            <input
              type="radio"
              id={`convention-resiliation-type-${kind}`}
              name="convention-resiliation-type"
              value={kind}
              checked={form.values.kind === kind}
              onChange={() => form.set('kind', kind)}
            />
            <label htmlFor={`convention-resiliation-type-${kind}`}>{TERMINATION_KIND_LABELS[kind]}</label>
          </div>
        ))}
      </FieldGroup>
      <div className="convention-form-panel__fields">
        {byDepartement ? (
          <Field
            id="convention-resiliation-motif"
            label="Motif"
            required
            error={form.errorFor('ground')}
            className="convention-field--wide"
          >
            {(control) => (
              <select
                {...control}
                value={form.values.ground}
                onChange={(event) =>
                  form.set('ground', event.target.value as DepartementTerminationGround | '')
                }
                onBlur={() => form.touch('ground')}
              >
                <option value="">Choisir…</option>
                {TERMINATION_GROUNDS.map((ground) => (
                  <option key={ground} value={ground}>
                    {TERMINATION_GROUND_LABELS[ground]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        <DateField
          id="convention-resiliation-reception"
          label="Réception de la notification"
          hint="JJ/MM/AAAA, date de l’avis de réception ; ni avant la signature, ni dans le futur."
          required
          value={form.values.notificationReceivedOn}
          error={form.errorFor('notificationReceivedOn')}
          onChange={(value) => form.set('notificationReceivedOn', value)}
          onBlur={() => form.touch('notificationReceivedOn')}
        />
        {byDepartement ? (
          <DateField
            id="convention-resiliation-audition"
            label="Audition des dirigeants"
            hint="JJ/MM/AAAA ; ils sont entendus avant la notification."
            required
            value={form.values.leadersHeardOn}
            error={form.errorFor('leadersHeardOn')}
            onChange={(value) => form.set('leadersHeardOn', value)}
            onBlur={() => form.touch('leadersHeardOn')}
          />
        ) : null}
      </div>
      <div className="computed" aria-live="polite">
        <p className="computed__label">Prise d’effet</p>
        <p className="computed__explanation">
          {preview ??
            'Choisissez le type de résiliation et la date de réception de la notification pour voir la date de prise d’effet.'}
        </p>
      </div>
      <FormButtons
        sending={submit.sending}
        label="Enregistrer la résiliation"
        danger
        onCancel={props.onCancel}
      />
    </form>
  );
}

// ---------------------------------------------------------------------------------------------
// The section

function isOpenable(action: ConventionAction): action is OpenForm {
  return (ORDER as readonly string[]).includes(action);
}

export function ConventionActions(props: {
  convention: ConventionDetail;
  onConvention: (convention: ConventionDetail) => void;
  onReload: () => void;
}) {
  const { convention } = props;
  const { can } = useSession();
  const [open, setOpen] = useState<OpenForm | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [focusBack, setFocusBack] = useState<OpenForm | null>(null);
  const buttons = useRef(new Map<OpenForm, HTMLButtonElement>());
  const actions = ORDER.filter((action) =>
    convention.actions.some((allowed) => allowed === action && isOpenable(allowed)),
  );

  useEffect(() => {
    if (focusBack && open === null) {
      buttons.current.get(focusBack)?.focus();
      setFocusBack(null);
    }
  }, [focusBack, open]);

  if (!can('conventions:write')) return null;
  const formProps: FormProps = {
    convention,
    onDone: (updated, text) => {
      setOpen(null);
      setMessage(text);
      props.onConvention(updated);
    },
    onCancel: () => {
      setFocusBack(open);
      setOpen(null);
    },
    onReload: () => {
      setOpen(null);
      props.onReload();
    },
  };

  return (
    <Section title="Actions" id="actions">
      {message ? (
        <Notice kind="success" live="status">
          <p>{message}</p>
        </Notice>
      ) : null}
      {actions.length === 0 ? (
        <p className="empty">
          Aucun changement d’état possible pour une convention « {convention.stateLabel} ».
        </p>
      ) : null}
      {open === null && actions.length > 0 ? (
        <div className="inline-actions">
          {actions.map((action) => (
            <button
              key={action}
              ref={(element) => {
                if (element) buttons.current.set(action, element);
                else buttons.current.delete(action);
              }}
              type="button"
              className={action === 'terminate' ? 'button button--danger' : 'button button--secondary'}
              aria-expanded={false}
              onClick={() => {
                setMessage(null);
                setOpen(action);
              }}
            >
              {BUTTONS[action]}
            </button>
          ))}
        </div>
      ) : null}
      {open === 'send_for_signature' || open === 'enter_into_force' || open === 'close' ? (
        <DateActionForm {...formProps} action={open} />
      ) : null}
      {open === 'sign' ? <SignatureForm {...formProps} /> : null}
      {open === 'return_to_draft' ? (
        <SmallForm
          id="convention-retour-preparation"
          title="Retour en préparation (correction avant signature)"
          fields={[
            { key: 'on', kind: 'date', label: 'Date', initial: todayText() },
            {
              key: 'reason',
              kind: 'textarea',
              label: 'Motif',
              hint: 'Ce qu’il faut corriger ; il est conservé dans l’historique.',
            },
          ]}
          submitLabel="Revenir en préparation"
          send={(values) =>
            api.post<ConventionDetail>(`/api/conventions/${convention.id}/return-to-draft`, {
              ...values,
              version: convention.version,
            })
          }
          onDone={(updated) =>
            formProps.onDone(updated, `Convention ${updated.number} revenue en préparation.`)
          }
          onCancel={formProps.onCancel}
          onReload={formProps.onReload}
        />
      ) : null}
      {open === 'terminate' ? <TerminationForm {...formProps} /> : null}
    </Section>
  );
}
