/** The pages of the back office, by module, behind the session. */
import { lazy, Suspense } from 'react';
import { BrowserRouter, Outlet, Route, Routes } from 'react-router';
import { AllocationsPage } from '../modules/applications/AllocationsPage.tsx';
import { ApplicationEditPage, ApplicationNewPage } from '../modules/applications/ApplicationFormPage.tsx';
import { ApplicationPage } from '../modules/applications/ApplicationPage.tsx';
import { ApplicationsPage } from '../modules/applications/ApplicationsPage.tsx';
import { CallPage } from '../modules/calls/CallPage.tsx';
import { ConventionTermsPage } from '../modules/calls/ConventionTermsPage.tsx';
import { DashboardPage } from '../modules/calls/DashboardPage.tsx';
import { ConventionContactPage } from '../modules/committee/ConventionContactPage.tsx';
import { MembersPage } from '../modules/committee/MembersPage.tsx';
import { SessionPage } from '../modules/committee/SessionPage.tsx';
import { SessionsPage } from '../modules/committee/SessionsPage.tsx';
import { SignInPage } from '../modules/identity/SignInPage.tsx';
import { RequireSession, SessionProvider } from '../modules/identity/session.tsx';
import { UsersPage } from '../modules/identity/UsersPage.tsx';
import { StructureEditPage, StructureNewPage } from '../modules/structures/StructureFormPage.tsx';
import { StructurePage } from '../modules/structures/StructurePage.tsx';
import { StructuresPage } from '../modules/structures/StructuresPage.tsx';
import { Loading } from '../shared/ui.tsx';
import { Layout } from './Layout.tsx';
import { NotFoundPage } from './NotFoundPage.tsx';
import { ReferenceDataProvider } from './reference-data.tsx';

/** Rarely used, by the departmental roles only: loaded when first opened. */
const StructureMergePage = lazy(() =>
  import('../modules/structures/StructureMergePage.tsx').then((module) => ({
    default: module.StructureMergePage,
  })),
);

/** Conventions, payments and the ledger, for the departmental roles: loaded when first opened. */
const ConventionsPage = lazy(() =>
  import('../modules/conventions/ConventionsPage.tsx').then((module) => ({
    default: module.ConventionsPage,
  })),
);
const ConventionPage = lazy(() =>
  import('../modules/conventions/ConventionPage.tsx').then((module) => ({ default: module.ConventionPage })),
);
const PaymentsPage = lazy(() =>
  import('../modules/payments/PaymentsPage.tsx').then((module) => ({ default: module.PaymentsPage })),
);
const LedgerPage = lazy(() =>
  import('../modules/payments/LedgerPage.tsx').then((module) => ({ default: module.LedgerPage })),
);

function SignedIn() {
  return (
    <RequireSession>
      <Suspense fallback={<Loading what="de la page" />}>
        <Outlet />
      </Suspense>
    </RequireSession>
  );
}

export function App() {
  return (
    <BrowserRouter>
      <SessionProvider>
        <ReferenceDataProvider>
          <Routes>
            <Route element={<Layout />}>
              <Route path="connexion" element={<SignInPage />} />
              <Route element={<SignedIn />}>
                <Route index element={<DashboardPage />} />
                <Route path="appels/:code" element={<CallPage />} />
                <Route path="appels/:code/repartition" element={<AllocationsPage />} />
                <Route path="appels/:code/operations/:id/convention" element={<ConventionTermsPage />} />
                <Route path="demandes" element={<ApplicationsPage />} />
                <Route path="demandes/nouvelle" element={<ApplicationNewPage />} />
                <Route path="demandes/:id" element={<ApplicationPage />} />
                <Route path="demandes/:id/modifier" element={<ApplicationEditPage />} />
                <Route path="structures" element={<StructuresPage />} />
                <Route path="structures/nouvelle" element={<StructureNewPage />} />
                <Route path="structures/:id" element={<StructurePage />} />
                <Route path="structures/:id/modifier" element={<StructureEditPage />} />
                <Route path="structures/:id/fusionner" element={<StructureMergePage />} />
                <Route path="seances" element={<SessionsPage />} />
                <Route path="seances/elus" element={<MembersPage />} />
                <Route path="seances/:date" element={<SessionPage />} />
                <Route path="collectivite/conventions" element={<ConventionContactPage />} />
                <Route path="conventions" element={<ConventionsPage />} />
                <Route path="conventions/:id" element={<ConventionPage />} />
                <Route path="versements" element={<PaymentsPage />} />
                <Route path="suivi-financier" element={<LedgerPage />} />
                <Route path="utilisateurs" element={<UsersPage />} />
                <Route path="*" element={<NotFoundPage />} />
              </Route>
            </Route>
          </Routes>
        </ReferenceDataProvider>
      </SessionProvider>
    </BrowserRouter>
  );
}
