import { Link } from 'react-router';
import { PageHeader } from '../shared/ui.tsx';

export function NotFoundPage() {
  return (
    <>
      <PageHeader title="Page introuvable" />
      <p>Cette adresse ne correspond à aucune page d’Inclusio.</p>
      <p>
        <Link to="/">Revenir au tableau de bord</Link>
      </p>
    </>
  );
}
