/**
 * A budget line's AE as one horizontal bar: committed before the call, proposed in it, and the
 * balance left (or the overrun, in red). The bar is an image whose text alternative gives the same
 * figures; the table beside it gives them too.
 */
import { useId } from 'react';
import { formatEuros, formatPercent } from '../../shared/format.ts';

export const SEGMENT_LABELS = {
  committedBefore: 'Engagé antérieurement',
  proposed: 'Proposé',
  balance: 'Solde',
  overrun: 'Dépassement',
} as const;

export function budgetBarText(figures: {
  ae: number;
  committedBefore: number;
  proposed: number;
  balance: number;
}) {
  const { ae, committedBefore, proposed, balance } = figures;
  const parts = [
    `${SEGMENT_LABELS.committedBefore} ${formatEuros(committedBefore)} (${formatPercent(committedBefore, ae)})`,
    `${SEGMENT_LABELS.proposed} ${formatEuros(proposed)} (${formatPercent(proposed, ae)})`,
    balance >= 0
      ? `${SEGMENT_LABELS.balance} ${formatEuros(balance)} (${formatPercent(balance, ae)})`
      : `${SEGMENT_LABELS.overrun} ${formatEuros(-balance)}`,
  ];
  return `AE ${formatEuros(ae)} : ${parts.join(', ')}.`;
}

export function BudgetBar(props: { ae: number; committedBefore: number; proposed: number; balance: number }) {
  const titleId = useId();
  const { ae, committedBefore, proposed, balance } = props;
  // An overrun widens the scale beyond the AE so that every part stays visible.
  const scale = Math.max(ae, committedBefore + proposed, 1);
  const width = (amount: number) => (Math.max(amount, 0) / scale) * 1000;
  const before = width(committedBefore);
  const now = width(proposed);
  const rest = width(balance);
  return (
    <svg
      className="budget-bar"
      role="img"
      aria-labelledby={titleId}
      viewBox="0 0 1000 20"
      preserveAspectRatio="none"
      focusable="false"
    >
      <title id={titleId}>{budgetBarText(props)}</title>
      <rect className="budget-bar__track" x="0" y="0" width="1000" height="20" />
      <rect className="budget-bar__before" x="0" y="0" width={before} height="20" />
      <rect className="budget-bar__proposed" x={before} y="0" width={now} height="20" />
      {balance >= 0 ? (
        <rect className="budget-bar__balance" x={before + now} y="0" width={rest} height="20" />
      ) : (
        <rect
          className="budget-bar__overrun"
          x={(ae / scale) * 1000}
          y="0"
          width={(-balance / scale) * 1000}
          height="20"
        />
      )}
    </svg>
  );
}

export function BudgetLegend() {
  return (
    <ul className="legend" aria-label="Légende des barres">
      <li>
        <span className="legend__swatch budget-bar__before" aria-hidden="true" />
        {SEGMENT_LABELS.committedBefore}
      </li>
      <li>
        <span className="legend__swatch budget-bar__proposed" aria-hidden="true" />
        {SEGMENT_LABELS.proposed} dans l’appel
      </li>
      <li>
        <span className="legend__swatch budget-bar__balance" aria-hidden="true" />
        {SEGMENT_LABELS.balance}
      </li>
      <li>
        <span className="legend__swatch budget-bar__overrun" aria-hidden="true" />
        {SEGMENT_LABELS.overrun}
      </li>
    </ul>
  );
}
