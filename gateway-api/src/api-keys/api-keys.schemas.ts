import { z } from 'zod';
import { IdentityName, IssuedApiKey } from '../identities/identities.schemas';

/** API keys over REST: the keys of an organisation's identities, for its administrators. */

export const IssueApiKeyBody = z.strictObject({
  identity: IdentityName,
  label: z
    .string()
    .min(1, 'required')
    .max(128, 'at most 128 characters')
    .describe('What the key is for, e.g. `checkout service`'),
});

export const ApiKeyParams = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9]{8,32}$/, 'an API key id: 8–32 lower-case letters or digits')
    .describe('The key id, the part after `alk_` (`alk_<id>_<secret>`)'),
});

export const ListApiKeysQuery = z.strictObject({
  identity: IdentityName.optional().describe("One identity's keys; without it, every key of the caller's org"),
});

const Time = z.string().describe('ISO 8601 UTC');

export const ApiKey = z
  .object({
    id: z.string(),
    identity: IdentityName,
    label: z.string(),
    createdAt: Time.optional().describe('Absent for keys issued before the gateway recorded it'),
    lastUsedAt: Time.optional().describe('The last request with it (saved within a minute)'),
    revokedAt: Time.optional().describe('Refused from then on (revoked, or replaced by rotation)'),
    rotatedFrom: z.string().optional().describe('The key this one replaced'),
    replacedBy: z.string().optional().describe('The key that replaced this one'),
  })
  .meta({ id: 'ApiKey' });

export const ApiKeyList = z.object({ items: z.array(ApiKey) }).meta({ id: 'ApiKeyList' });

export const RotatedApiKey = z
  .object({
    apiKey: IssuedApiKey.describe('The new key, shown this once'),
    previous: ApiKey.describe('The old key: refused from now on'),
  })
  .meta({ id: 'RotatedApiKey' });

export { IssuedApiKey };
