import type { Logger } from '@ailog/processor';
import { NotFoundError } from '@ailog/processor';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import { errorBody, toPublicError } from '../errors/error-mapper.js';

/** Unknown routes get the same error shape as everything else. */
export const notFoundHandler: RequestHandler = (req: Request, res: Response) => {
  const mapped = toPublicError(new NotFoundError('route', `${req.method} ${req.path}`));
  res.status(mapped.status).json(errorBody(mapped));
};

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/** Maps every error to `{ error: { code, message } }`; unexpected ones are logged, never echoed. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    // body-parser errors (too large, malformed JSON) carry a 4xx status and are the caller's.
    const clientStatus = statusOf(error);
    if (clientStatus !== undefined) {
      res.status(clientStatus).json({ error: { code: 'BAD_INPUT', message: (error as Error).message } });
      return;
    }
    const mapped = toPublicError(error);
    if (mapped.isUnexpected) logger.error({ err: error, path: req.path }, 'request failed');
    res.status(mapped.status).json(errorBody(mapped));
  };
}
