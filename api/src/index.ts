/** `@ailog/api`: the GraphQL gateway and REST compatibility routes. */
export { buildApi, type Api, type ApiDeps } from './app.js';
export { apiConfigSchema, type ApiConfig, type ApiConfigInput } from './api.config.js';
export { ApiKeyService, type CreatedApiKey } from './services/api-key.service.js';
export { ROLES, type Role, type Principal } from './auth/api-key.auth.js';
export { toPublicError, httpStatusFor, type PublicError } from './errors/error-mapper.js';
