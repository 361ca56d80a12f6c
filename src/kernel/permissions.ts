/** What a route needs its caller to be allowed to do; roles grant permissions (identity module). */
export type Permission =
  | 'public'
  | 'signed_in'
  | 'calls:read'
  | 'calls:write'
  | 'structures:read'
  | 'structures:write'
  | 'applications:read'
  | 'applications:write'
  | 'applications:decide'
  | 'budget:read'
  | 'audit:read'
  | 'committee:read'
  | 'committee:write'
  | 'documents:generate'
  | 'users:admin';
