import type { AuthChecker } from 'type-graphql';
import { isRole, requireRole } from '../../auth/api-key.auth.js';
import type { ApiContext } from '../../context.js';

/**
 * `@Authorized('admin')` support. Throws our ForbiddenError rather than returning false so the
 * one error mapper sees the same error type on both surfaces.
 */
export const authChecker: AuthChecker<ApiContext> = ({ context }, roles) => {
  for (const role of roles) if (isRole(role)) requireRole(context.principal, role);
  return true;
};
