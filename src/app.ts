/** The application: every module's routes on one server. */
import type { FastifyInstance } from 'fastify';
import { applicationRoutes } from './modules/applications/applications.routes.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { budgetRoutes } from './modules/budget/budget.routes.ts';
import { callRoutes } from './modules/calls/calls.routes.ts';
import { collectiviteRoutes } from './modules/collectivite/collectivite.routes.ts';
import { committeeRoutes } from './modules/committee/committee.routes.ts';
import { consistencyRoutes } from './modules/consistency/consistency.routes.ts';
import { dashboardRoutes } from './modules/dashboard/dashboard.routes.ts';
import { amendmentDocumentRoutes } from './modules/documents/amendment.routes.ts';
import { documentRoutes } from './modules/documents/documents.routes.ts';
import { packageRoutes } from './modules/documents/package.routes.ts';
import { identityRoutes } from './modules/identity/identity.routes.ts';
import { authorizer } from './modules/identity/index.ts';
import { conventionLifeRoutes } from './modules/payments/payments.routes.ts';
import { structureMergeRoutes } from './modules/structure-merge/structure-merge.routes.ts';
import { structureRoutes } from './modules/structures/structures.routes.ts';
import type { Database } from './platform/database.ts';
import { buildServer, defineRoute, type RouteDefinition } from './platform/http.ts';
import { serveWebApp } from './platform/static.ts';

const healthRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/health',
    permission: 'public',
    tag: 'platform',
    summary: 'État du serveur et de sa base',
    handler: async ({ db }) => {
      await db.query('select 1');
      return { status: 'ok', database: db.dialect };
    },
  }),
];

export const ROUTES: readonly RouteDefinition[] = [
  ...healthRoutes,
  ...identityRoutes,
  ...auditRoutes,
  ...collectiviteRoutes,
  ...callRoutes,
  ...budgetRoutes,
  ...structureRoutes,
  ...structureMergeRoutes,
  ...applicationRoutes,
  ...consistencyRoutes,
  ...dashboardRoutes,
  ...documentRoutes,
  ...committeeRoutes,
  ...packageRoutes,
  ...conventionLifeRoutes,
  ...amendmentDocumentRoutes,
];

export async function buildApp(
  db: Database,
  options?: { logger?: boolean; webApp?: boolean; trustProxy?: boolean },
): Promise<FastifyInstance> {
  const app = await buildServer({
    db,
    routes: ROUTES,
    authorize: authorizer(db),
    logger: options?.logger ?? false,
    trustProxy: options?.trustProxy ?? false,
  });
  if (options?.webApp) await serveWebApp(app);
  return app;
}
