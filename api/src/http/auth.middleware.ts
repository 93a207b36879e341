import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { keyFromHeaders, type ApiKeyAuthenticator, type Principal } from '../auth/api-key.auth.js';

// Public paths: probes and scrapers carry no key.
const PUBLIC = /^\/(health(\/.*)?|metrics)$/;

/** The principal stored by `authMiddleware`; only call behind it. */
export function principalOf(res: Response): Principal {
  return res.locals.principal as Principal;
}

/** Requires a valid API key on every path except `/health*` and `/metrics`. */
export function authMiddleware(authenticator: ApiKeyAuthenticator): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (PUBLIC.test(req.path)) {
      next();
      return;
    }
    authenticator.authenticate(keyFromHeaders(req.headers)).then(
      (principal) => {
        res.locals.principal = principal;
        next();
      },
      next,
    );
  };
}
