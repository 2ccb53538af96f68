import { gatewayRoute, type Route } from '../http/route';
import type { ProblemCode } from '../http/problem';
import {
  ApiKey,
  ApiKeyList,
  ApiKeyParams,
  IssueApiKeyBody,
  IssuedApiKey,
  ListApiKeysQuery,
  RotatedApiKey,
} from './api-keys.schemas';

const tags = ['api-keys'];

const ADMIN: readonly ProblemCode[] = ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'ORG_ADMIN_REQUIRED', 'FORBIDDEN'];

/**
 * API keys of an organisation's identities, for its administrators (also `alliance-keys`, the CLI). A
 * key's secret is answered once, when it is issued or rotated; the gateway keeps only its SHA-256.
 */
export const apiKeyRoutes: readonly Route[] = [
  gatewayRoute({
    kind: 'gateway',
    method: 'post',
    path: '/api-keys',
    operationId: 'issueApiKey',
    summary: 'Issue an API key for an identity of the caller’s organisation (its administrators)',
    description: 'The identity must be active (enrolled, not revoked). The key is in the answer only.',
    tags,
    body: IssueApiKeyBody,
    successStatus: 201,
    response: IssuedApiKey,
    problems: [...ADMIN, 'IDENTITY_NOT_FOUND', 'IDENTITY_NOT_ACTIVE'],
    handle: ({ principal, body, services }) => services.apiKeys.issue(principal, body),
  }),
  gatewayRoute({
    kind: 'gateway',
    method: 'get',
    path: '/api-keys',
    operationId: 'listApiKeys',
    summary: 'The API keys of an identity, or of the caller’s organisation (its administrators)',
    description: 'Id, identity, label and dates; never a secret. Revoked and rotated keys are listed too.',
    tags,
    query: ListApiKeysQuery,
    successStatus: 200,
    response: ApiKeyList,
    problems: ADMIN,
    handle: async ({ principal, query, services }) => ({
      items: await services.apiKeys.list(principal, query.identity),
    }),
  }),
  gatewayRoute({
    kind: 'gateway',
    method: 'post',
    path: '/api-keys/:id/rotation',
    operationId: 'rotateApiKey',
    summary: 'Replace an API key: a new key (shown once); the old one is refused at once',
    description:
      'No grace period: the old key stops working with this answer. A client that needs an overlap issues a ' +
      'second key (`POST /api-keys`), switches to it, then revokes the first.',
    tags,
    params: ApiKeyParams,
    successStatus: 201,
    response: RotatedApiKey,
    problems: [...ADMIN, 'API_KEY_NOT_FOUND', 'API_KEY_REVOKED', 'IDENTITY_NOT_ACTIVE'],
    handle: ({ principal, params, services }) => services.apiKeys.rotate(principal, params.id),
  }),
  gatewayRoute({
    kind: 'gateway',
    method: 'post',
    path: '/api-keys/:id/revocation',
    operationId: 'revokeApiKey',
    summary: 'Revoke an API key: refused from now on (its organisation’s administrators)',
    description: 'Revoking a revoked key answers it as it is.',
    tags,
    params: ApiKeyParams,
    successStatus: 200,
    response: ApiKey,
    problems: [...ADMIN, 'API_KEY_NOT_FOUND'],
    handle: ({ principal, params, services }) => services.apiKeys.revoke(principal, params.id),
  }),
];
