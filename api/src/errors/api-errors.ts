import { AppError } from '@ailog/processor';

/** No API key, or one that is unknown or revoked. */
export class UnauthenticatedError extends AppError {
  constructor(message = 'a valid API key is required') {
    super(message, { stage: 'api', code: 'UNAUTHENTICATED' });
  }
}

/** The key is valid but its role does not allow this. */
export class ForbiddenError extends AppError {
  constructor(message = 'this operation needs the admin role') {
    super(message, { stage: 'api', code: 'FORBIDDEN' });
  }
}
