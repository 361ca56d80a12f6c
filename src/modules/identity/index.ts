/** What other modules may use of the identity module. */
export { authorizer } from './authorize.ts';
export {
  isTerritoryLimited,
  ROLE_LABELS,
  ROLE_PERMISSIONS,
  ROLES,
  type Role,
  roleAllows,
} from './domain/permissions.ts';
export {
  actorOf,
  createUserDirectly,
  ensureInitialAdministrator,
  type SessionUser,
  type User,
} from './identity.service.ts';
