/**
 * The consistency check of a call: errors and points to look at, each linked to its record (from
 * the call's dashboard, GET /api/calls/:code/dashboard).
 */
import { Link } from 'react-router';
import { plural } from '../../shared/format.ts';
import { Badge, Notice } from '../../shared/ui.tsx';
import type { CheckReport, Finding } from './types.ts';

/** Where a finding's subject can be seen ("application:76" → the application's page). */
function subjectLink(subject: string): { to: string; label: string } | null {
  const [kind, id] = subject.split(':');
  if (!id || !/^\d+$/.test(id)) return null;
  if (kind === 'application') return { to: `/demandes/${id}`, label: 'Voir la demande' };
  if (kind === 'structure') return { to: `/structures/${id}`, label: 'Voir la structure' };
  return null;
}

function FindingItem(props: { finding: Finding }) {
  const link = subjectLink(props.finding.subject);
  const isError = props.finding.severity === 'error';
  return (
    <li className={`finding finding--${props.finding.severity}`}>
      <Badge tone={isError ? 'error' : 'warning'}>{isError ? 'Erreur' : 'Attention'}</Badge>
      <p className="finding__message">
        {props.finding.message}
        {link ? (
          <>
            {' '}
            <Link to={link.to}>{link.label}</Link>
          </>
        ) : null}
      </p>
    </li>
  );
}

export function CheckFindings(props: { report: CheckReport }) {
  const data = props.report;
  const errors = data.findings.filter((finding) => finding.severity === 'error');
  const warnings = data.findings.filter((finding) => finding.severity === 'warning');
  return (
    <>
      <p className="check-summary">
        <strong>{plural(data.errors, 'erreur')}</strong>, {plural(data.warnings, 'point', 'points')}{' '}
        d’attention.
      </p>
      {data.findings.length === 0 ? (
        <Notice kind="success">
          <p>Aucune anomalie : les montants, les périodes et les structures de l’appel sont cohérents.</p>
        </Notice>
      ) : (
        <ul className="findings">
          {[...errors, ...warnings].map((finding) => (
            <FindingItem key={`${finding.code}-${finding.subject}-${finding.message}`} finding={finding} />
          ))}
        </ul>
      )}
    </>
  );
}
