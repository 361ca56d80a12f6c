/**
 * The structure's yearly accounts, due within six months of the end of each fiscal year (article
 * 6-2: without them, the département may suspend its payments): received or awaited, late ones
 * marked; for conventions:write, recording the accounts of a year as received, then the convention
 * is read again (its payments' blockers with it).
 */
import { useState } from 'react';
import { api } from '../../shared/api.ts';
import { formatDate } from '../../shared/format.ts';
import { Badge, Notice, Section } from '../../shared/ui.tsx';
import { useSession } from '../identity/session.tsx';
import { todayText } from './convention-format.ts';
import { SmallForm } from './SmallForm.tsx';
import type { ConventionDetail, YearlyAccountsAnswer } from './types.ts';

function todayIso(): string {
  const [day, month, year] = todayText().split('/');
  return `${year}-${month}-${day}`;
}

export function YearlyAccounts(props: { convention: ConventionDetail; onReload: () => void }) {
  const { convention } = props;
  const { can } = useSession();
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const today = todayIso();
  const awaited = convention.yearlyAccounts.filter((accounts) => accounts.receivedOn === null);
  const firstAwaited = awaited[0]?.fiscalYear;

  return (
    <Section title="Comptes annuels de la structure" id="comptes">
      <p className="muted">
        La structure transmet ses comptes annuels dans les six mois suivant la fin de chaque exercice ; à
        défaut, les versements peuvent être suspendus.
      </p>
      {message ? (
        <Notice kind="success" live="status">
          <p>{message}</p>
        </Notice>
      ) : null}
      {convention.yearlyAccounts.length === 0 ? (
        <p className="empty">Aucun exercice à justifier pour l’instant.</p>
      ) : (
        <div className="table-wrapper">
          <table className="table table--compact convention-accounts">
            <caption>Comptes annuels de {convention.structure.name}</caption>
            <thead>
              <tr>
                <th scope="col">Exercice</th>
                <th scope="col">À transmettre avant le</th>
                <th scope="col">Reçus le</th>
              </tr>
            </thead>
            <tbody>
              {convention.yearlyAccounts.map((accounts) => (
                <tr key={accounts.fiscalYear}>
                  <th scope="row">{accounts.fiscalYear}</th>
                  <td>{formatDate(accounts.dueBy)}</td>
                  <td>
                    {accounts.receivedOn ? (
                      formatDate(accounts.receivedOn)
                    ) : accounts.dueBy < today ? (
                      <Badge tone="error">En retard</Badge>
                    ) : (
                      <span className="muted">attendus</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {can('conventions:write') ? (
        open ? (
          <SmallForm
            id="comptes-reception"
            title="Comptes annuels reçus"
            fields={[
              {
                key: 'fiscalYear',
                kind: 'year',
                label: 'Exercice',
                hint: 'AAAA, l’année des comptes.',
                initial: firstAwaited === undefined ? '' : String(firstAwaited),
              },
              { key: 'receivedOn', kind: 'date', label: 'Reçus le', initial: todayText() },
            ]}
            submitLabel="Enregistrer la réception"
            send={(values) =>
              api.post<YearlyAccountsAnswer>(
                `/api/structures/${convention.structure.id}/yearly-accounts`,
                values,
              )
            }
            onDone={(answer) => {
              setOpen(false);
              setMessage(
                `Comptes de l’exercice ${answer.fiscalYear} reçus le ${formatDate(answer.receivedOn)}.`,
              );
              props.onReload();
            }}
            onCancel={() => setOpen(false)}
            onReload={props.onReload}
          />
        ) : (
          <button
            type="button"
            className="button button--secondary button--small"
            aria-expanded={false}
            onClick={() => {
              setMessage(null);
              setOpen(true);
            }}
          >
            Enregistrer des comptes annuels reçus
          </button>
        )
      ) : null}
    </Section>
  );
}
