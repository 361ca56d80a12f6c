/**
 * The lines of a convention, one per application voted: the amount in force and its segments (split
 * by voted amendments), the payment schedule with, for payments:write, "Demander le versement" on
 * each part that has no live payment (the balance asks for its amount), the bilan that settles the
 * balance (conventions:write) and the line's ledger.
 *
 * A payment request carries an idempotency key generated once per intent of the user: when the
 * button is first clicked or the balance's form opened. A request the server may have received
 * (no answer, or a server error) is retried with the same key, so that it never pays twice; a
 * definite answer ends the intent.
 */
import { type FormEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ApiError } from '../../shared/api.ts';
import { api } from '../../shared/api.ts';
import { Explanation } from '../../shared/Explanation.tsx';
import { Field, type FieldErrors, useForm } from '../../shared/form.tsx';
import {
  eurosInputValue,
  formatDate,
  formatEuros,
  formatNumber,
  formatQuantity,
  parseDecimalInput,
  parseEurosInput,
} from '../../shared/format.ts';
import { Amount, Badge, Notice, Section } from '../../shared/ui.tsx';
import { useSession } from '../identity/session.tsx';
import { DateField, FormButtons, Refusal, useSubmit } from './action.tsx';
import {
  LEDGER_FIGURES,
  newIdempotencyKey,
  PAYMENT_STATE_TONES,
  requiredDate,
  todayText,
} from './convention-format.ts';
import { SmallForm } from './SmallForm.tsx';
import type {
  ConventionDetail,
  ConventionLineDetail,
  LedgerFiguresView,
  PaymentRequestAnswer,
  PaymentView,
  RecoveryOrderView,
  SchedulePartView,
} from './types.ts';

/** Whether a definite answer came back: anything but no answer at all or a server error. */
function isDefinite(error: ApiError): boolean {
  return error.status !== 0 && error.status < 500;
}

/** What the line says after a request: the payment, then what blocks it as the page reads it now. */
interface LineMessage {
  text: string;
  paymentId: number | null;
}

function requestedMessage(answer: PaymentRequestAnswer): LineMessage {
  const { payment } = answer;
  const what = `${payment.label} de ${formatEuros(payment.amountCents)}`;
  return {
    text: answer.created
      ? `${what} demandée : versement n°${payment.id}.`
      : `${what} déjà demandée : versement n°${payment.id} (demande reçue une seule fois).`,
    paymentId: payment.id,
  };
}

function LineNotice(props: { message: LineMessage; payments: readonly PaymentView[] }) {
  const payment = props.payments.find((candidate) => candidate.id === props.message.paymentId);
  const blockers = payment?.blockers ?? [];
  return (
    <Notice kind={blockers.length > 0 ? 'warning' : 'success'} live="status">
      <p>
        {props.message.text}
        {blockers.length > 0
          ? ` Il est bloqué : ${blockers.map((blocker) => blocker.message).join(' ')}`
          : ''}
        {payment && blockers.length === 0 && props.message.paymentId !== null
          ? ` État : ${payment.stateLabel.toLowerCase()}.`
          : ''}
      </p>
    </Notice>
  );
}

/** One intent of the user: its key lives until a definite answer. */
function useIdempotencyKey() {
  const key = useRef<string | null>(null);
  return useMemo(
    () => ({
      take: () => {
        key.current ??= newIdempotencyKey();
        return key.current;
      },
      onAnswer: () => {
        key.current = null;
      },
      onError: (error: ApiError) => {
        if (isDefinite(error)) key.current = null;
      },
    }),
    [],
  );
}

export function LedgerTable(props: { ledger: LedgerFiguresView; caption: string; id?: string }) {
  return (
    <div className="table-wrapper">
      <table className="table table--compact convention-ledger" id={props.id}>
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            {LEDGER_FIGURES.map((figure) => (
              <th key={figure.key} scope="col" className="numeric nowrap" title={figure.hint}>
                {figure.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            {LEDGER_FIGURES.map((figure) => (
              <td key={figure.key} className="numeric nowrap">
                <Amount cents={props.ledger[figure.key]} />
              </td>
            ))}
          </tr>
        </tbody>
      </table>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// Requesting a payment

function RequestButton(props: {
  line: ConventionLineDetail;
  part: SchedulePartView;
  onRequested: (message: LineMessage) => void;
}) {
  const { line, part } = props;
  const intent = useIdempotencyKey();
  const submit = useSubmit();

  const request = async () => {
    const idempotencyKey = intent.take();
    const answer = await submit.run(
      () =>
        api.post<PaymentRequestAnswer>(`/api/convention-lines/${line.id}/payments`, {
          part: part.key,
          idempotencyKey,
        }),
      { onError: intent.onError },
    );
    if (answer) {
      intent.onAnswer();
      props.onRequested(requestedMessage(answer));
    }
  };

  return (
    <>
      <button
        type="button"
        className="button button--secondary button--small"
        disabled={submit.sending}
        onClick={() => void request()}
      >
        {submit.sending ? 'Demande…' : 'Demander le versement'}
        <span className="visually-hidden">
          {' '}
          : {part.label}, {line.applicationReference}
        </span>
      </button>
      <Refusal failure={submit.failure} fields={[]} title="Versement refusé" onReload={() => undefined} />
    </>
  );
}

function BalanceForm(props: {
  line: ConventionLineDetail;
  part: SchedulePartView;
  onRequested: (message: LineMessage) => void;
  onCancel: () => void;
}) {
  const { line, part } = props;
  const intent = useIdempotencyKey();
  const validate = useCallback((values: { amountCents: string }): FieldErrors => {
    const parsed = parseEurosInput(values.amountCents, 'le montant du solde');
    if (!parsed.ok) return { amountCents: parsed.message };
    if (parsed.value === null) return { amountCents: 'Indiquez le montant du solde à verser.' };
    if (parsed.value <= 0) return { amountCents: 'Le montant du versement doit être positif.' };
    return {};
  }, []);
  const initial = line.ledger.remainingCents > 0 ? line.ledger.remainingCents : part.amountCents;
  const form = useForm({ amountCents: eurosInputValue(initial) }, validate);
  const submit = useSubmit(form);
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // The intent starts when the form opens.
    intent.take();
    ref.current?.focus();
  }, [intent]);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!form.attemptSubmit()) return;
    const parsed = parseEurosInput(form.values.amountCents, '');
    if (!parsed.ok || parsed.value === null) return;
    const amountCents = parsed.value;
    const idempotencyKey = intent.take();
    const answer = await submit.run(
      () =>
        api.post<PaymentRequestAnswer>(`/api/convention-lines/${line.id}/payments`, {
          part: part.key,
          amountCents,
          idempotencyKey,
        }),
      { onError: intent.onError },
    );
    if (answer) {
      intent.onAnswer();
      props.onRequested(requestedMessage(answer));
    }
  };

  const id = `ligne-${line.id}-solde`;
  return (
    <form
      className="convention-inline-form"
      noValidate
      onSubmit={onSubmit}
      aria-label={`Solde de ${line.applicationReference}`}
    >
      <Refusal
        failure={submit.failure}
        fields={['amountCents']}
        title="Versement refusé"
        onReload={() => undefined}
      />
      <Field
        id={`${id}-montant`}
        label="Montant du solde (€)"
        hint={`Reste à verser sur la ligne : ${formatEuros(line.ledger.remainingCents)}.`}
        required
        error={form.errorFor('amountCents')}
      >
        {(control) => (
          <input
            {...control}
            ref={ref}
            type="text"
            inputMode="decimal"
            autoComplete="off"
            className="input--amount"
            value={form.values.amountCents}
            onChange={(event) => form.set('amountCents', event.target.value)}
            onBlur={() => form.touch('amountCents')}
          />
        )}
      </Field>
      <div className="form-actions">
        <button type="submit" className="button button--small" disabled={submit.sending}>
          {submit.sending ? 'Demande…' : 'Demander le solde'}
        </button>
        <button type="button" className="button button--tertiary button--small" onClick={props.onCancel}>
          Annuler
        </button>
      </div>
    </form>
  );
}

function PartPayment(props: {
  convention: ConventionDetail;
  line: ConventionLineDetail;
  part: SchedulePartView;
  payment: PaymentView | undefined;
  onRequested: (message: LineMessage) => void;
}) {
  const { convention, line, part, payment } = props;
  const { can } = useSession();
  const [balanceOpen, setBalanceOpen] = useState(false);
  if (part.paymentId !== null) {
    return (
      <>
        <a href={`#versement-${part.paymentId}`}>Versement n°{part.paymentId}</a>{' '}
        {payment ? (
          <Badge tone={payment.blockers.length > 0 ? 'warning' : PAYMENT_STATE_TONES[payment.state]}>
            {payment.blockers.length > 0 ? `${payment.stateLabel} — bloqué` : payment.stateLabel}
          </Badge>
        ) : null}
      </>
    );
  }
  const open =
    convention.state === 'signed' ||
    convention.state === 'in_force' ||
    (convention.state === 'terminated' && part.kind === 'balance');
  if (line.ledger.remainingCents <= 0 && line.ledger.dueCents <= line.ledger.netPaidCents) {
    return <span className="muted">rien à verser</span>;
  }
  if (!can('payments:write') || !open || (part.amountCents <= 0 && part.kind !== 'balance')) {
    return <span className="muted">non demandé</span>;
  }
  if (part.kind !== 'balance')
    return <RequestButton line={line} part={part} onRequested={props.onRequested} />;
  return balanceOpen ? (
    <BalanceForm
      line={line}
      part={part}
      onRequested={(message) => {
        setBalanceOpen(false);
        props.onRequested(message);
      }}
      onCancel={() => setBalanceOpen(false)}
    />
  ) : (
    <button
      type="button"
      className="button button--secondary button--small"
      onClick={() => setBalanceOpen(true)}
    >
      Demander le versement
      <span className="visually-hidden">
        {' '}
        : {part.label}, {line.applicationReference}
      </span>
    </button>
  );
}

// ---------------------------------------------------------------------------------------------
// Bilan

interface BilanValues {
  receivedOn: string;
  achieved: string;
  target: string;
}

function validateBilan(values: BilanValues): FieldErrors {
  const errors: FieldErrors = {};
  const receivedOn = requiredDate(values.receivedOn, 'la date de réception du bilan');
  if (receivedOn.error) errors.receivedOn = receivedOn.error;
  for (const [key, what] of [
    ['achieved', 'Le réalisé'],
    ['target', 'L’objectif'],
  ] as const) {
    const parsed = parseDecimalInput(values[key], what);
    if (!parsed.ok) errors[key] = parsed.message;
    else if (parsed.value === null) errors[key] = `${what} est obligatoire.`;
    else if (parsed.value < 0) errors[key] = `${what} ne peut pas être négatif.`;
    else if (key === 'target' && parsed.value === 0) errors[key] = 'L’objectif doit être positif.';
  }
  return errors;
}

function BilanForm(props: {
  line: ConventionLineDetail;
  onDone: (convention: ConventionDetail) => void;
  onCancel: () => void;
  onReload: () => void;
}) {
  const { line } = props;
  const lastQuantity = line.segments.at(-1)?.quantity ?? null;
  const form = useForm<BilanValues>(
    {
      receivedOn: todayText(),
      achieved: '',
      target: lastQuantity === null ? '' : String(lastQuantity).replace('.', ','),
    },
    validateBilan,
  );
  const submit = useSubmit(form);
  const id = `ligne-${line.id}-bilan`;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (!form.attemptSubmit()) return;
    const number = (text: string) => {
      const parsed = parseDecimalInput(text, '');
      return parsed.ok ? parsed.value : null;
    };
    const updated = await submit.run(() =>
      api.post<ConventionDetail>(`/api/convention-lines/${line.id}/bilan`, {
        receivedOn: requiredDate(form.values.receivedOn, 'la date').value,
        achieved: number(form.values.achieved),
        target: number(form.values.target),
      }),
    );
    if (updated) props.onDone(updated);
  };

  return (
    <form className="convention-form-panel" noValidate onSubmit={onSubmit} aria-labelledby={`${id}-titre`}>
      <h4 id={`${id}-titre`}>Bilan de {line.applicationReference}</h4>
      <p className="muted">
        Le solde est calculé au prorata des objectifs réalisés ; si plus a été versé, un titre de recettes est
        émis.
      </p>
      <Refusal
        failure={submit.failure}
        fields={['receivedOn', 'achieved', 'target']}
        onReload={props.onReload}
      />
      <div className="convention-form-panel__fields">
        <DateField
          id={`${id}-reception`}
          label="Reçu le"
          required
          value={form.values.receivedOn}
          error={form.errorFor('receivedOn')}
          onChange={(value) => form.set('receivedOn', value)}
          onBlur={() => form.touch('receivedOn')}
        />
        {(
          [
            ['achieved', 'Réalisé'],
            ['target', 'Objectif'],
          ] as const
        ).map(([key, label]) => (
          <Field
            key={key}
            id={`${id}-${key}`}
            label={label}
            hint={
              key === 'target' && lastQuantity !== null
                ? `Prévu à la convention : ${formatQuantity(lastQuantity, line.unit)}.`
                : undefined
            }
            required
            error={form.errorFor(key)}
          >
            {(control) => (
              <input
                {...control}
                type="text"
                inputMode="decimal"
                autoComplete="off"
                value={form.values[key]}
                onChange={(event) => form.set(key, event.target.value)}
                onBlur={() => form.touch(key)}
              />
            )}
          </Field>
        ))}
      </div>
      <FormButtons sending={submit.sending} label="Enregistrer le bilan" onCancel={props.onCancel} />
    </form>
  );
}

// ---------------------------------------------------------------------------------------------
// A recovery order for what was paid beyond what is due (after an amendment or a control)

function RecoveryIssue(props: {
  line: ConventionLineDetail;
  onIssued: (message: string) => void;
  onReload: () => void;
}) {
  const { line } = props;
  const [open, setOpen] = useState(false);
  // One intent per opening of the form: a retry sends the same key, the server issues one order.
  const key = useRef<string | null>(null);
  if (!open) {
    return (
      <button
        type="button"
        className="button button--secondary button--small"
        aria-expanded={false}
        onClick={() => {
          key.current = newIdempotencyKey();
          setOpen(true);
        }}
      >
        Émettre le titre de recettes<span className="visually-hidden"> de {line.applicationReference}</span>
      </button>
    );
  }
  return (
    <SmallForm
      id={`ligne-${line.id}-titre-recettes`}
      title={`Titre de recettes de ${formatEuros(line.ledger.toRecoverCents)} (trop-perçu de ${line.applicationReference})`}
      fields={[
        {
          key: 'reason',
          kind: 'select',
          label: 'Motif',
          initial: 'amendment',
          options: [
            { value: 'amendment', label: 'Avenant réduisant le montant' },
            { value: 'control', label: 'Contrôle' },
          ],
        },
      ]}
      submitLabel="Émettre le titre"
      send={(values) =>
        api.post<RecoveryOrderView>(`/api/convention-lines/${line.id}/recovery-orders`, {
          reason: values.reason,
          idempotencyKey: key.current ?? newIdempotencyKey(),
        })
      }
      onDone={(order) => {
        setOpen(false);
        props.onIssued(
          `Titre de recettes n°${order.id} émis : ${formatEuros(order.amountCents)} à recouvrer.`,
        );
      }}
      onCancel={() => setOpen(false)}
      onReload={props.onReload}
    />
  );
}

// ---------------------------------------------------------------------------------------------
// One line

function LineBlock(props: {
  convention: ConventionDetail;
  line: ConventionLineDetail;
  onConvention: (convention: ConventionDetail) => void;
  onReload: () => void;
}) {
  const { convention, line } = props;
  const { can } = useSession();
  const [message, setMessage] = useState<LineMessage | null>(null);
  const [bilanOpen, setBilanOpen] = useState(false);
  const headingId = `ligne-${line.id}-titre`;
  const recoveryIssued = convention.recoveryOrders.some(
    (order) => order.conventionLineId === line.id && order.state === 'issued',
  );
  const mayRecordBilan =
    line.bilan === null &&
    can('conventions:write') &&
    (convention.state === 'signed' || convention.state === 'in_force' || convention.state === 'terminated');

  return (
    <article className="convention-line" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {line.applicationReference} — {line.label}
      </h3>
      <dl className="description-list convention-line__facts">
        <div className="description-list__item">
          <dt>Opération</dt>
          <dd>{line.operationTitle}</dd>
        </div>
        <div className="description-list__item">
          <dt>Ligne budgétaire</dt>
          <dd>
            <span className="line-code">{line.budgetLineCode}</span>
            <span className="cell-detail">{line.imputation}</span>
          </dd>
        </div>
        <div className="description-list__item">
          <dt>Montant en vigueur</dt>
          <dd>
            <Amount cents={line.amountCents} strong />
          </dd>
        </div>
      </dl>
      {message ? <LineNotice message={message} payments={convention.payments} /> : null}
      <div className="table-wrapper">
        <table className="table table--compact">
          <caption>Périodes et montants de {line.applicationReference}</caption>
          <thead>
            <tr>
              <th scope="col">Du</th>
              <th scope="col">Au</th>
              <th scope="col" className="numeric">
                Quantité
              </th>
              <th scope="col" className="numeric">
                Montant
              </th>
            </tr>
          </thead>
          <tbody>
            {line.segments.map((segment) => (
              <tr key={segment.start}>
                <td>{formatDate(segment.start)}</td>
                <td>{formatDate(segment.end)}</td>
                <td className="numeric">{formatQuantity(segment.quantity, line.unit)}</td>
                <td className="numeric">
                  <Amount cents={segment.amountCents} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {line.terminationCap ? (
        <Notice
          kind="warning"
          title={`Après la résiliation : ${formatEuros(line.terminationCap.amountCents)} au plus`}
        >
          <Explanation text={line.terminationCap.explanation} />
        </Notice>
      ) : null}
      <div className="table-wrapper">
        <table className="table table--compact convention-schedule">
          <caption>Échéancier des versements de {line.applicationReference}</caption>
          <thead>
            <tr>
              <th scope="col">Versement</th>
              <th scope="col">Exigible</th>
              <th scope="col" className="numeric">
                Montant prévu
              </th>
              <th scope="col">Calcul</th>
              <th scope="col">Demande</th>
            </tr>
          </thead>
          <tbody>
            {line.schedule.map((part) => (
              <tr key={part.key}>
                <th scope="row">{part.label}</th>
                <td>{part.dueAfterLabel}</td>
                <td className="numeric">
                  <Amount cents={part.amountCents} />
                </td>
                <td className="convention-schedule__explanation">{part.explanation}</td>
                <td>
                  <PartPayment
                    convention={convention}
                    line={line}
                    part={part}
                    payment={convention.payments.find((payment) => payment.id === part.paymentId)}
                    onRequested={(text) => {
                      setMessage(text);
                      props.onReload();
                    }}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h4>Bilan</h4>
      {line.bilan ? (
        <div className="computed">
          <p className="computed__label">
            Bilan reçu le {formatDate(line.bilan.receivedOn)} : {formatNumber(line.bilan.achieved)} réalisé(s)
            sur un objectif de {formatNumber(line.bilan.target)}
          </p>
          <p className="computed__value">
            Montant final dû : <Amount cents={line.bilan.finalDueCents} strong />
          </p>
          <Explanation text={line.bilan.explanation} />
        </div>
      ) : bilanOpen ? (
        <BilanForm
          line={line}
          onDone={(updated) => {
            setBilanOpen(false);
            const after = updated.lines.find((candidate) => candidate.id === line.id);
            const known = new Set(convention.recoveryOrders.map((order) => order.id));
            const issued = updated.recoveryOrders.filter(
              (order) => order.conventionLineId === line.id && !known.has(order.id),
            );
            setMessage({
              paymentId: null,
              text: [
                `Bilan enregistré${after?.bilan ? ` : montant final dû ${formatEuros(after.bilan.finalDueCents)}` : ''}.`,
                ...issued.map(
                  (order) =>
                    `Titre de recettes n°${order.id} émis pour le trop-perçu : ${formatEuros(order.amountCents)}.`,
                ),
                after && after.ledger.toRecoverCents > 0
                  ? `Trop-perçu de ${formatEuros(after.ledger.toRecoverCents)} à recouvrer.`
                  : '',
              ]
                .filter(Boolean)
                .join(' '),
            });
            props.onConvention(updated);
          }}
          onCancel={() => setBilanOpen(false)}
          onReload={() => {
            setBilanOpen(false);
            props.onReload();
          }}
        />
      ) : (
        <p>
          <span className="muted">Bilan non reçu.</span>{' '}
          {mayRecordBilan ? (
            <button
              type="button"
              className="button button--secondary button--small"
              onClick={() => setBilanOpen(true)}
            >
              Enregistrer le bilan<span className="visually-hidden"> de {line.applicationReference}</span>
            </button>
          ) : null}
        </p>
      )}
      <LedgerTable ledger={line.ledger} caption={`Suivi financier de ${line.applicationReference}`} />
      {line.ledger.toRecoverCents > 0 && can('payments:write') && !recoveryIssued ? (
        <div className="inline-actions">
          <span className="hint-warning">
            Trop-perçu de {formatEuros(line.ledger.toRecoverCents)} sans titre de recettes.
          </span>{' '}
          <RecoveryIssue
            line={line}
            onIssued={(text) => {
              setMessage({ text, paymentId: null });
              props.onReload();
            }}
            onReload={props.onReload}
          />
        </div>
      ) : null}
    </article>
  );
}

export function ConventionLines(props: {
  convention: ConventionDetail;
  onConvention: (convention: ConventionDetail) => void;
  onReload: () => void;
}) {
  const { convention } = props;
  return (
    <Section title="Lignes de la convention" id="lignes">
      {convention.lines.length === 0 ? (
        <p className="empty">Aucune ligne : la convention n’a pas encore été générée.</p>
      ) : null}
      {convention.lines.map((line) => (
        <LineBlock
          key={line.id}
          convention={convention}
          line={line}
          onConvention={props.onConvention}
          onReload={props.onReload}
        />
      ))}
    </Section>
  );
}
