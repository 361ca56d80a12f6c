/**
 * The payments of a convention: each with its line, part, amount, state and dates, and what blocks
 * it listed beside it (recomputed by the server on each read). For payments:write, the changes its
 * `actions` allow: Valider, Transmettre (to the finance software), Payé (date and mandate reference),
 * Annuler (reason). "Valider" stays offered on a blocked payment: the server says why it refuses,
 * and validates it once what blocked it is lifted (bank details completed meanwhile…).
 */
import { useEffect, useState } from 'react';
import { api } from '../../shared/api.ts';
import { formatDate, formatEuros, plural } from '../../shared/format.ts';
import { Amount, Badge, Notice, Section } from '../../shared/ui.tsx';
import { useSession } from '../identity/session.tsx';
import { Refusal, useSubmit } from './action.tsx';
import { PAYMENT_STATE_TONES, todayText } from './convention-format.ts';
import { SmallForm } from './SmallForm.tsx';
import type { ConventionDetail, PaymentView } from './types.ts';

const COLUMNS = 7;

function PaymentState(props: { payment: PaymentView }) {
  const { payment } = props;
  return (
    <>
      <Badge tone={PAYMENT_STATE_TONES[payment.state]}>{payment.stateLabel}</Badge>
      {payment.validatedOn ? (
        <span className="cell-detail">validé le {formatDate(payment.validatedOn)}</span>
      ) : null}
      {payment.sentOn ? <span className="cell-detail">transmis le {formatDate(payment.sentOn)}</span> : null}
      {payment.paidOn ? (
        <span className="cell-detail">
          payé le {formatDate(payment.paidOn)}
          {payment.financeReference ? `, mandat ${payment.financeReference}` : ''}
        </span>
      ) : null}
      {payment.cancelledOn ? (
        <span className="cell-detail">
          annulé le {formatDate(payment.cancelledOn)}
          {payment.cancelReason ? ` : ${payment.cancelReason}` : ''}
        </span>
      ) : null}
    </>
  );
}

function Blockers(props: { payment: PaymentView; id: string }) {
  const { payment } = props;
  if (payment.blockers.length === 0) {
    return (
      <span className="muted">
        {payment.state === 'paid' || payment.state === 'cancelled' ? '—' : 'aucun'}
      </span>
    );
  }
  return (
    <div id={props.id} className="convention-blockers">
      <Badge tone="warning">Bloqué</Badge>
      <ul className="convention-reasons">
        {payment.blockers.map((blocker) => (
          <li key={blocker.code}>{blocker.message}</li>
        ))}
      </ul>
    </div>
  );
}

type RowForm = 'paid' | 'cancel' | null;

function PaymentRow(props: {
  convention: ConventionDetail;
  payment: PaymentView;
  onChanged: (message: string) => void;
  onReload: () => void;
}) {
  const { convention, payment } = props;
  const { can } = useSession();
  const [open, setOpen] = useState<RowForm>(null);
  const submit = useSubmit();
  // A refusal is about what blocked the payment then: once that changed (bank details completed…),
  // it no longer applies.
  const blockersKey = payment.blockers.map((blocker) => blocker.code).join(',');
  const { reset } = submit;
  useEffect(() => {
    void blockersKey;
    reset();
  }, [blockersKey, reset]);
  const line = convention.lines.find((candidate) => candidate.id === payment.conventionLineId);
  const blockersId = `versement-${payment.id}-blocages`;
  const mayWrite = can('payments:write');
  const offerValidate =
    payment.actions.includes('validate') || (payment.state === 'requested' && payment.blockers.length > 0);
  const which = <span className="visually-hidden"> le versement n°{payment.id}</span>;

  const direct = async (action: 'validate' | 'send', done: string) => {
    setOpen(null);
    const updated = await submit.run(() =>
      api.post<PaymentView>(`/api/payments/${payment.id}/${action}`, {}),
    );
    if (updated)
      props.onChanged(
        `${done} : versement n°${updated.id}, ${updated.label} de ${formatEuros(updated.amountCents)}.`,
      );
  };

  return (
    <>
      <tr id={`versement-${payment.id}`}>
        <th scope="row" className={payment.blockers.length > 0 ? 'nowrap convention-row--blocked' : 'nowrap'}>
          n°{payment.id}
        </th>
        <td>
          {payment.label}
          <span className="cell-detail">
            {line ? line.applicationReference : `ligne ${payment.conventionLineId}`}
          </span>
        </td>
        <td className="numeric nowrap">
          <Amount cents={payment.amountCents} />
          {payment.scheduledAmountCents !== null && payment.scheduledAmountCents !== payment.amountCents ? (
            <span className="cell-detail">
              prévu <Amount cents={payment.scheduledAmountCents} />
            </span>
          ) : null}
        </td>
        <td className="nowrap">
          {formatDate(payment.requestedOn)}
          <span className="cell-detail">par {payment.requestedBy}</span>
        </td>
        <td>
          <PaymentState payment={payment} />
        </td>
        <td>
          <Blockers payment={payment} id={blockersId} />
        </td>
        <td>
          {mayWrite ? (
            <div className="convention-row-actions">
              {offerValidate ? (
                <button
                  type="button"
                  className="button button--small"
                  disabled={submit.sending}
                  aria-describedby={payment.blockers.length > 0 ? blockersId : undefined}
                  onClick={() => void direct('validate', 'Versement validé')}
                >
                  Valider{which}
                </button>
              ) : null}
              {payment.actions.includes('send') ? (
                <button
                  type="button"
                  className="button button--small"
                  disabled={submit.sending}
                  onClick={() => void direct('send', 'Versement transmis au logiciel financier')}
                >
                  Transmettre{which}
                </button>
              ) : null}
              {payment.actions.includes('record_paid') ? (
                <button
                  type="button"
                  className="button button--secondary button--small"
                  aria-expanded={open === 'paid'}
                  onClick={() => {
                    submit.reset();
                    setOpen(open === 'paid' ? null : 'paid');
                  }}
                >
                  Payé{which}
                </button>
              ) : null}
              {payment.actions.includes('cancel') ? (
                <button
                  type="button"
                  className="button button--danger button--small"
                  aria-expanded={open === 'cancel'}
                  onClick={() => {
                    submit.reset();
                    setOpen(open === 'cancel' ? null : 'cancel');
                  }}
                >
                  Annuler{which}
                </button>
              ) : null}
            </div>
          ) : null}
        </td>
      </tr>
      {submit.failure || open ? (
        <tr className="convention-row-form">
          <td colSpan={COLUMNS}>
            <Refusal
              failure={submit.failure}
              fields={[]}
              title={
                submit.failure?.code === 'PAYMENT_BLOCKED'
                  ? `Versement n°${payment.id} bloqué : validation refusée`
                  : undefined
              }
              onReload={props.onReload}
            />
            {open === 'paid' ? (
              <SmallForm
                id={`versement-${payment.id}-paye`}
                title={`Paiement du versement n°${payment.id} (${formatEuros(payment.amountCents)})`}
                fields={[
                  { key: 'paidOn', kind: 'date', label: 'Payé le', initial: todayText() },
                  {
                    key: 'financeReference',
                    kind: 'text',
                    label: 'Référence du mandat',
                    hint: 'Numéro du mandat dans le logiciel financier.',
                  },
                ]}
                submitLabel="Enregistrer le paiement"
                send={(values) => api.post<PaymentView>(`/api/payments/${payment.id}/paid`, values)}
                onDone={(updated) => {
                  setOpen(null);
                  props.onChanged(
                    `Versement n°${updated.id} payé le ${formatDate(updated.paidOn)} (mandat ${updated.financeReference ?? ''}).`,
                  );
                }}
                onCancel={() => setOpen(null)}
                onReload={props.onReload}
              />
            ) : null}
            {open === 'cancel' ? (
              <SmallForm
                id={`versement-${payment.id}-annulation`}
                title={`Annulation du versement n°${payment.id}`}
                fields={[
                  {
                    key: 'reason',
                    kind: 'textarea',
                    label: 'Motif de l’annulation',
                    hint: 'Par exemple un rejet du logiciel financier ou de la banque ; il est conservé.',
                  },
                ]}
                submitLabel="Annuler le versement"
                danger
                send={(values) => api.post<PaymentView>(`/api/payments/${payment.id}/cancel`, values)}
                onDone={(updated) => {
                  setOpen(null);
                  props.onChanged(`Versement n°${updated.id} annulé : la part peut être demandée à nouveau.`);
                }}
                onCancel={() => setOpen(null)}
                onReload={props.onReload}
              />
            ) : null}
          </td>
        </tr>
      ) : null}
    </>
  );
}

export function PaymentsSection(props: { convention: ConventionDetail; onReload: () => void }) {
  const { convention } = props;
  const [message, setMessage] = useState<string | null>(null);
  const blocked = convention.payments.filter((payment) => payment.blockers.length > 0).length;
  return (
    <Section title="Versements" id="versements">
      {message ? (
        <Notice kind="success" live="status">
          <p>{message}</p>
        </Notice>
      ) : null}
      {convention.payments.length === 0 ? (
        <p className="empty">Aucun versement demandé : demandez-les depuis l’échéancier de chaque ligne.</p>
      ) : (
        <div className="table-wrapper">
          <table className="table table--compact convention-payments">
            <caption>
              {plural(convention.payments.length, 'versement')} de la convention {convention.number}
              {blocked > 0 ? ` dont ${plural(blocked, 'bloqué')}` : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">N°</th>
                <th scope="col">Versement</th>
                <th scope="col" className="numeric">
                  Montant
                </th>
                <th scope="col">Demandé le</th>
                <th scope="col">État</th>
                <th scope="col">Blocages</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {convention.payments.map((payment) => (
                <PaymentRow
                  key={payment.id}
                  convention={convention}
                  payment={payment}
                  onChanged={(text) => {
                    setMessage(text);
                    props.onReload();
                  }}
                  onReload={props.onReload}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
