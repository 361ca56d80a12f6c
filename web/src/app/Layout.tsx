/**
 * The frame of every page: skip link, header with the collectivité and the user, main menu, main
 * content and footer. When the page changes, the focus moves to its heading so that keyboard and
 * screen-reader users start reading the new page.
 */
import { useEffect, useRef } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { roleLabel } from '../modules/identity/roles.ts';
import { useSession } from '../modules/identity/session.tsx';
import { useReferenceData } from './reference-data.tsx';

function MainMenu() {
  const { state, can } = useSession();
  const { currentCall } = useReferenceData();
  if (state.status !== 'signed-in' && state.status !== 'unavailable') return null;
  const items: { to: string; label: string; end?: boolean }[] = [
    { to: '/', label: 'Tableau de bord', end: true },
    ...(currentCall
      ? [
          { to: `/appels/${encodeURIComponent(currentCall)}`, label: 'Appel', end: true },
          { to: `/appels/${encodeURIComponent(currentCall)}/repartition`, label: 'Répartition' },
        ]
      : []),
    { to: '/demandes', label: 'Demandes' },
    { to: '/structures', label: 'Structures' },
    { to: '/seances', label: 'Séances' },
    ...(can('conventions:read')
      ? [
          { to: '/conventions', label: 'Conventions' },
          { to: '/versements', label: 'Versements' },
          { to: '/suivi-financier', label: 'Suivi financier' },
        ]
      : []),
    ...(can('users:admin') ? [{ to: '/utilisateurs', label: 'Utilisateurs' }] : []),
  ];
  return (
    <nav className="main-nav" aria-label="Menu principal">
      <div className="container">
        <ul>
          {items.map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} end={item.end ?? false}>
                {item.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </div>
    </nav>
  );
}

function UserArea() {
  const { state, signOut } = useSession();
  const navigate = useNavigate();
  if (state.status === 'signed-in') {
    return (
      <div className="user-area">
        <p className="user-area__who">
          <span className="visually-hidden">Connecté·e : </span>
          <strong>{state.user.displayName}</strong>
          <span className="user-area__role">{roleLabel(state.user.role)}</span>
        </p>
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => {
            void signOut().finally(() => navigate('/connexion'));
          }}
        >
          Se déconnecter
        </button>
      </div>
    );
  }
  if (state.status === 'unavailable') {
    return <p className="user-area user-area__note">Connexion non activée sur ce serveur</p>;
  }
  if (state.status === 'signed-out') {
    return (
      <div className="user-area">
        <Link to="/connexion" className="button button--secondary button--small">
          Se connecter
        </Link>
      </div>
    );
  }
  return null;
}

export function Layout() {
  const { collectivite } = useReferenceData();
  const location = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  useEffect(() => {
    void location.pathname;
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    const heading = mainRef.current?.querySelector<HTMLElement>('h1');
    (heading ?? mainRef.current)?.focus();
  }, [location.pathname]);

  return (
    <>
      <a className="skip-link" href="#contenu">
        Aller au contenu
      </a>
      <header className="site-header">
        <div className="container site-header__inner">
          <Link to="/" className="brand">
            <span className="brand__name">Inclusio</span>
            <span className="brand__tagline">
              {collectivite ? collectivite.name : 'Appels à projets d’inclusion'}
              {collectivite?.settings.directorate ? ` — ${collectivite.settings.directorate}` : ''}
            </span>
          </Link>
          <UserArea />
        </div>
      </header>
      <MainMenu />
      <main id="contenu" ref={mainRef} tabIndex={-1} className="container main">
        <Outlet />
      </main>
      <footer className="site-footer">
        <div className="container">
          <p>
            Inclusio — logiciel libre (licence AGPL-3.0-or-later) de gestion des appels à projets d’inclusion
            {collectivite ? ` · ${collectivite.name}` : ''}.
          </p>
        </div>
      </footer>
    </>
  );
}
