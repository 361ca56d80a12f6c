/**
 * A call's budget table (Rapport au comité): per line, AE, committed before, available, proposed, balance
 * (from the call's dashboard, GET /api/calls/:code/dashboard).
 */
import { Amount } from '../../shared/ui.tsx';
import { BudgetBar, BudgetLegend } from './BudgetBar.tsx';
import type { BudgetSituation as Situation } from './types.ts';

export function BudgetSituation(props: { callCode: string; rows: readonly Situation[] }) {
  const data = props.rows;
  const total = (pick: (row: Situation) => number) => data.reduce((sum, row) => sum + pick(row), 0);
  return (
    <>
      <div className="table-wrapper">
        <table className="table">
          <caption>Situation budgétaire de l’appel {props.callCode}, par ligne budgétaire</caption>
          <thead>
            <tr>
              <th scope="col">Ligne budgétaire</th>
              <th scope="col" className="numeric">
                AE
              </th>
              <th scope="col" className="numeric">
                Engagé antérieurement
              </th>
              <th scope="col" className="numeric">
                Disponible
              </th>
              <th scope="col" className="numeric">
                Proposé
              </th>
              <th scope="col" className="numeric">
                Solde
              </th>
              <th scope="col" className="bar-column">
                Consommation de l’AE
              </th>
            </tr>
          </thead>
          <tbody>
            {data.map((row) => (
              <tr key={row.line.id}>
                <th scope="row">
                  <span className="line-code">{row.line.code}</span>
                  <span className="cell-detail">
                    {row.line.label} · imputation {row.line.imputation}
                  </span>
                </th>
                <td className="numeric">
                  <Amount cents={row.ae} />
                </td>
                <td className="numeric">
                  <Amount cents={row.committedBefore} />
                </td>
                <td className="numeric">
                  <Amount cents={row.available} />
                </td>
                <td className="numeric">
                  <Amount cents={row.proposed} />
                </td>
                <td className={`numeric${row.balance < 0 ? ' cell--error' : ''}`}>
                  <Amount cents={row.balance} strong />
                </td>
                <td className="bar-column">
                  <BudgetBar
                    ae={row.ae}
                    committedBefore={row.committedBefore}
                    proposed={row.proposed}
                    balance={row.balance}
                  />
                </td>
              </tr>
            ))}
          </tbody>
          {data.length > 1 ? (
            <tfoot>
              <tr>
                <th scope="row">Total</th>
                <td className="numeric">
                  <Amount cents={total((row) => row.ae)} />
                </td>
                <td className="numeric">
                  <Amount cents={total((row) => row.committedBefore)} />
                </td>
                <td className="numeric">
                  <Amount cents={total((row) => row.available)} />
                </td>
                <td className="numeric">
                  <Amount cents={total((row) => row.proposed)} />
                </td>
                <td className="numeric">
                  <Amount cents={total((row) => row.balance)} strong />
                </td>
                <td />
              </tr>
            </tfoot>
          ) : null}
        </table>
      </div>
      <BudgetLegend />
    </>
  );
}
