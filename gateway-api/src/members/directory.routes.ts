import { chaincodeCall } from '../common/chaincode-call';
import { evaluatePage } from '../common/pagination.schemas';
import { readRoute, type Route } from '../http/route';
import { DirectoryEntry, DirectoryPage, DirectoryParams, SearchDirectoryQuery } from './members.schemas';

const tags = ['directory'];

/**
 * The member directory (contract `members`): how a member finds a counterparty's handle and party id.
 * Open to every active member and org admin; it shows no balance and no record.
 */
export const directoryRoutes: readonly Route[] = [
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/directory',
    operationId: 'searchDirectory',
    summary:
      'Find discoverable members — stores, banks, issuers, warehouses, arbitrators, oracles, producers, auditors',
    description:
      'Chaincode `members:SearchDirectory`: ACTIVE members holding a discoverable role, ordered by organisation and ' +
      'handle, optionally of one `role` or `mspId`, whose handle or name contains `q` (letter case ignored). ' +
      'Buyers and energy consumers are never listed: look one up by the exact handle it shares ' +
      '(`GET /directory/{party}`). A search with `q` reads at most 200 directory rows per call, so a page may ' +
      'hold fewer than `pageSize` matches: follow `bookmark` until it is empty.',
    tags,
    query: SearchDirectoryQuery,
    response: DirectoryPage,
    handle: ({ transactions, principal, query }) =>
      evaluatePage(() => transactions.evaluate(principal, chaincodeCall('members:SearchDirectory', query))),
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/directory/:party',
    operationId: 'lookupParty',
    summary: 'One member by its exact handle (`EcommerceMSP:buyer1`) or party id, discoverable or not',
    description:
      'Chaincode `members:LookupParty`. A member holding no discoverable role (a buyer, an energy consumer) shows ' +
      'its handle, party id, organisation and status only — no name, no roles; a suspended one holding such a role ' +
      'shows them with `status: SUSPENDED`, `discoverable: false`. 404 when no member has the handle.',
    tags,
    params: DirectoryParams,
    response: DirectoryEntry,
    handle: ({ transactions, principal, params }) =>
      transactions.evaluate(principal, chaincodeCall('members:LookupParty', params)),
  }),
];
