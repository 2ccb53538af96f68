import { chaincodeCall } from '../common/chaincode-call';
import { segment, stringAt } from '../common/location';
import { evaluatePage } from '../common/pagination.schemas';
import { readRoute, writeRoute, type Route } from '../http/route';
import {
  ClassParams,
  ClassTokensQuery,
  PurchaseBody,
  RegisterRightClassBody,
  RightClass,
  RightClassWithSupply,
  RightSale,
  TokenPage,
} from './rights.schemas';

const tags = ['commodity rights'];

/** Classes of commodity rights and pay-and-mint (contract `rights`). */
export const rightClassRoutes: readonly Route[] = [
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/right-classes',
    operationId: 'registerRightClass',
    summary: 'List a class of commodity rights in your own trading space (a store)',
    description:
      'Chaincode `rights:RegisterRightClass`: category, commodity number (`sku`), specification and production ' +
      'information (patent claim 7), price, supply (1–10,000 units), redeemable methods and an optional royalty ' +
      'on resales in basis points. Each unit is bound to a token id at once (DA-Tie): `tokenIds.first` … ' +
      '`tokenIds.last`. A class id already taken answers 409 CONFLICT.',
    tags,
    body: RegisterRightClassBody,
    successStatus: 201,
    response: RightClass,
    transaction: ({ body }) => chaincodeCall('rights:RegisterRightClass', body),
    location: ({ body }) => `/right-classes/${segment(body.classId)}`,
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/right-classes/:classId',
    operationId: 'getRightClass',
    summary: 'A class with its supply: minted, burned, outstanding, available (any member)',
    description: 'Chaincode `rights:GetRightClass`.',
    tags,
    params: ClassParams,
    response: RightClassWithSupply,
    handle: ({ transactions, principal, params }) =>
      transactions.evaluate(principal, chaincodeCall('rights:GetRightClass', params)),
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/right-classes/:classId/tokens',
    operationId: 'listClassTokens',
    summary: "A class's tokens, of one status or all: e.g. the redemptions waiting (its store, auditors)",
    description: 'Chaincode `rights:ListClassTokens`, by status, then token id.',
    tags,
    params: ClassParams,
    query: ClassTokensQuery,
    response: TokenPage,
    handle: ({ transactions, principal, params, query }) =>
      evaluatePage(() =>
        transactions.evaluate(principal, chaincodeCall('rights:ListClassTokens', { ...params, ...query })),
      ),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/right-classes/:classId/purchases',
    operationId: 'purchaseRight',
    summary: 'Pay for one unit from an account bound to the class’s space: its token is minted to you',
    description:
      'Chaincode `rights:PurchaseRight`: one transaction debits your account, credits the store and mints the ' +
      'token of a free unit (pay-and-mint); never one without the other. Sold out: 409 ILLEGAL_STATE. Available ' +
      'funds short of the price: 422 INSUFFICIENT_FUNDS. Concurrent buyers of the same unit are retried by the ' +
      'gateway with another unit; the answer names the token minted. Location is the token.',
    tags,
    params: ClassParams,
    body: PurchaseBody,
    successStatus: 201,
    response: RightSale,
    transaction: ({ params, body }) => chaincodeCall('rights:PurchaseRight', { ...params, ...body }),
    location: (_input, data) => {
      const tokenId = stringAt(data, 'token', 'tokenId');
      return tokenId === undefined ? undefined : `/tokens/${segment(tokenId)}`;
    },
  }),
];
