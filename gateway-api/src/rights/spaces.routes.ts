import type { SpaceEntry as ChaincodeSpaceEntry } from '@allianceledger/contract';
import { chaincodeCall } from '../common/chaincode-call';
import { segment } from '../common/location';
import { evaluatePage, restPage } from '../common/pagination.schemas';
import { readRoute, writeRoute, type Route } from '../http/route';
import {
  BindWalletBody,
  EntryParams,
  OfferPage,
  OffersQuery,
  OpenSpaceBody,
  SpaceEntry,
  SpaceParams,
  TradingSpace,
  WalletBinding,
} from './rights.schemas';

const tags = ['commodity rights'];

/**
 * Trading spaces (contract `rights`, DOMAIN.md §7): a store's or a holder's, with the entry token its
 * link or QR code carries; its offers are public to consortium members.
 */
export const spaceRoutes: readonly Route[] = [
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/spaces',
    operationId: 'openSpace',
    summary: 'Open a trading space of your own, paid into one of your accounts (any member)',
    description:
      'Chaincode `rights:OpenSpace`. The answer carries `entryToken`, what the space’s link or QR code carries: ' +
      '`GET /space-entries/{entryToken}` opens it. A space id already taken answers 409 CONFLICT.',
    tags,
    body: OpenSpaceBody,
    successStatus: 201,
    response: TradingSpace,
    transaction: ({ body }) => chaincodeCall('rights:OpenSpace', body),
    location: ({ body }) => `/spaces/${segment(body.spaceId)}`,
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/spaces/:spaceId',
    operationId: 'getSpace',
    summary: 'A trading space (any member: the catalogue is public to the consortium)',
    description: 'Chaincode `rights:GetSpace`.',
    tags,
    params: SpaceParams,
    response: TradingSpace,
    handle: ({ transactions, principal, params }) =>
      transactions.evaluate(principal, chaincodeCall('rights:GetSpace', params)),
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/spaces/:spaceId/offers',
    operationId: 'listOffers',
    summary: "A space's offers, of one category or all: the classes it sells and the tokens resold there (any member)",
    description: 'Chaincode `rights:ListOffers`, by category, then PRIMARY before RESALE.',
    tags,
    params: SpaceParams,
    query: OffersQuery,
    response: OfferPage,
    handle: ({ transactions, principal, params, query }) =>
      evaluatePage(() => transactions.evaluate(principal, chaincodeCall('rights:ListOffers', { ...params, ...query }))),
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/space-entries/:entryToken',
    operationId: 'resolveSpaceEntry',
    summary: "What a space's link or QR code opens: the space and a page of its offers (any member)",
    description:
      'Chaincode `rights:ResolveEntry`. `category` narrows the offers to one category (a category link, patent ' +
      'claim 2); `offers.bookmark` pages on.',
    tags,
    params: EntryParams,
    query: OffersQuery,
    response: SpaceEntry,
    handle: async ({ transactions, principal, params, query }) => {
      const entry = (await transactions.evaluate(
        principal,
        chaincodeCall('rights:ResolveEntry', { ...params, ...query }),
      )) as ChaincodeSpaceEntry;
      return { space: entry.space, offers: restPage(entry.offers) };
    },
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/spaces/:spaceId/wallet-bindings',
    operationId: 'bindWallet',
    summary: 'Bind one of your accounts to a space: you pay in that space from bound accounts (any member)',
    description:
      'Chaincode `rights:BindWallet` (patent claim 1). Binding the same account again refreshes the binding. A ' +
      'purchase or resale paid from an account not bound to the space answers 409 ILLEGAL_STATE.',
    tags,
    params: SpaceParams,
    body: BindWalletBody,
    successStatus: 200,
    response: WalletBinding,
    transaction: ({ params, body }) => chaincodeCall('rights:BindWallet', { ...params, ...body }),
  }),
];
