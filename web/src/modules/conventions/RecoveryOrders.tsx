/**
 * Titres de recettes: what was paid beyond what is due (after the bilan, a termination or an
 * amendment), with the reason and the computation; for payments:write, recording one as collected
 * (its date) or cancelling it (its reason).
 */
import { useState } from 'react';
import { api } from '../../shared/api.ts';
import { formatDate, formatEuros, plural } from '../../shared/format.ts';
import { Amount, Badge, Notice, Section } from '../../shared/ui.tsx';
import { useSession } from '../identity/session.tsx';
import { RECOVERY_STATE_TONES, todayText } from './convention-format.ts';
import { SmallForm } from './SmallForm.tsx';
import type { ConventionDetail, RecoveryOrderView } from './types.ts';

function OrderRow(props: {
  order: RecoveryOrderView;
  onChanged: (message: string) => void;
  onReload: () => void;
}) {
  const { order } = props;
  const { can } = useSession();
  const [open, setOpen] = useState<'collect' | 'cancel' | null>(null);
  const which = <span className="visually-hidden"> le titre de recettes n°{order.id}</span>;
  return (
    <>
      <tr id={`titre-${order.id}`}>
        <th scope="row" className="nowrap">
          n°{order.id}
        </th>
        <td>
          {order.reasonLabel}
          <span className="cell-detail">{order.lineLabel}</span>
        </td>
        <td className="numeric nowrap">
          <Amount cents={order.amountCents} />
        </td>
        <td className="nowrap">
          {formatDate(order.issuedOn)}
          <span className="cell-detail">par {order.issuedBy}</span>
        </td>
        <td>{order.explanation}</td>
        <td>
          <Badge tone={RECOVERY_STATE_TONES[order.state]}>{order.stateLabel}</Badge>
          {order.collectedOn ? (
            <span className="cell-detail">recouvré le {formatDate(order.collectedOn)}</span>
          ) : null}
          {order.cancelledOn ? (
            <span className="cell-detail">
              annulé le {formatDate(order.cancelledOn)}
              {order.cancelReason ? ` : ${order.cancelReason}` : ''}
            </span>
          ) : null}
        </td>
        <td>
          {can('payments:write') && order.state === 'issued' ? (
            <div className="convention-row-actions">
              <button
                type="button"
                className="button button--secondary button--small"
                aria-expanded={open === 'collect'}
                onClick={() => setOpen(open === 'collect' ? null : 'collect')}
              >
                Recouvré{which}
              </button>
              <button
                type="button"
                className="button button--danger button--small"
                aria-expanded={open === 'cancel'}
                onClick={() => setOpen(open === 'cancel' ? null : 'cancel')}
              >
                Annuler{which}
              </button>
            </div>
          ) : null}
        </td>
      </tr>
      {open ? (
        <tr className="convention-row-form">
          <td colSpan={7}>
            {open === 'collect' ? (
              <SmallForm
                id={`titre-${order.id}-recouvrement`}
                title={`Recouvrement du titre n°${order.id} (${formatEuros(order.amountCents)})`}
                fields={[{ key: 'on', kind: 'date', label: 'Recouvré le', initial: todayText() }]}
                submitLabel="Enregistrer le recouvrement"
                send={(values) =>
                  api.post<RecoveryOrderView>(`/api/recovery-orders/${order.id}/collect`, values)
                }
                onDone={(updated) => {
                  setOpen(null);
                  props.onChanged(
                    `Titre de recettes n°${updated.id} recouvré le ${formatDate(updated.collectedOn)}.`,
                  );
                }}
                onCancel={() => setOpen(null)}
                onReload={props.onReload}
              />
            ) : (
              <SmallForm
                id={`titre-${order.id}-annulation`}
                title={`Annulation du titre n°${order.id}`}
                fields={[{ key: 'reason', kind: 'textarea', label: 'Motif de l’annulation' }]}
                submitLabel="Annuler le titre"
                danger
                send={(values) =>
                  api.post<RecoveryOrderView>(`/api/recovery-orders/${order.id}/cancel`, values)
                }
                onDone={(updated) => {
                  setOpen(null);
                  props.onChanged(`Titre de recettes n°${updated.id} annulé.`);
                }}
                onCancel={() => setOpen(null)}
                onReload={props.onReload}
              />
            )}
          </td>
        </tr>
      ) : null}
    </>
  );
}

export function RecoveryOrders(props: { convention: ConventionDetail; onReload: () => void }) {
  const { convention } = props;
  const [message, setMessage] = useState<string | null>(null);
  return (
    <Section title="Titres de recettes" id="titres">
      {message ? (
        <Notice kind="success" live="status">
          <p>{message}</p>
        </Notice>
      ) : null}
      {convention.recoveryOrders.length === 0 ? (
        <p className="empty">Aucun titre de recettes : rien n’a été versé au-delà de ce qui est dû.</p>
      ) : (
        <div className="table-wrapper">
          <table className="table table--compact">
            <caption>
              {plural(convention.recoveryOrders.length, 'titre de recettes', 'titres de recettes')}
            </caption>
            <thead>
              <tr>
                <th scope="col">N°</th>
                <th scope="col">Motif</th>
                <th scope="col" className="numeric">
                  Montant
                </th>
                <th scope="col">Émis le</th>
                <th scope="col">Calcul</th>
                <th scope="col">État</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {convention.recoveryOrders.map((order) => (
                <OrderRow
                  key={order.id}
                  order={order}
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
