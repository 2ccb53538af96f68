import { chaincodeCall } from '../common/chaincode-call';
import { evaluatePage } from '../common/pagination.schemas';
import { segment, stringAt } from '../common/location';
import { readRoute, writeRoute, type Route } from '../http/route';
import {
  ListRedemptionsQuery,
  RejectRedemptionBody,
  Redemption,
  RedemptionPage,
  RedemptionParams,
  RequestRedemptionBody,
} from './redemptions.schemas';

const tags = ['redemptions'];

/**
 * Redemptions (contract `wallets`): the owner asks to burn funds (frozen meanwhile), the currency's
 * issuer executes (burns, paying out fiat off chain) or rejects; the owner may cancel.
 */
export const redemptionRoutes: readonly Route[] = [
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/redemptions',
    operationId: 'requestRedemption',
    summary: 'Ask to redeem funds; the amount is frozen (the account owner)',
    description: 'Chaincode `wallets:RequestRedemption`. Available funds short of the amount answer 422.',
    tags,
    body: RequestRedemptionBody,
    successStatus: 201,
    response: Redemption,
    transaction: ({ body }) => chaincodeCall('wallets:RequestRedemption', body),
    location: (_input, data) => {
      const id = stringAt(data, 'redemptionId');
      return id === undefined ? undefined : `/redemptions/${segment(id)}`;
    },
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/redemptions',
    operationId: 'listRedemptions',
    summary: "One currency's redemptions in one status: the issuer's work list (its issuer, an auditor)",
    description: 'Chaincode `wallets:ListRedemptions`.',
    tags,
    query: ListRedemptionsQuery,
    response: RedemptionPage,
    handle: ({ transactions, principal, query }) =>
      evaluatePage(() => transactions.evaluate(principal, chaincodeCall('wallets:ListRedemptions', query))),
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/redemptions/:redemptionId',
    operationId: 'getRedemption',
    summary: "A redemption (the owner, the currency's issuer, an auditor)",
    description: 'Chaincode `wallets:GetRedemption`.',
    tags,
    params: RedemptionParams,
    response: Redemption,
    handle: ({ transactions, principal, params }) =>
      transactions.evaluate(principal, chaincodeCall('wallets:GetRedemption', params)),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/redemptions/:redemptionId/execution',
    operationId: 'executeRedemption',
    summary: "Burn the frozen amount (the currency's issuer)",
    description: 'Chaincode `wallets:ExecuteRedemption`.',
    tags,
    params: RedemptionParams,
    successStatus: 200,
    response: Redemption,
    transaction: ({ params }) => chaincodeCall('wallets:ExecuteRedemption', params),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/redemptions/:redemptionId/rejection',
    operationId: 'rejectRedemption',
    summary: "Refuse a redemption; the amount is unfrozen (the currency's issuer)",
    description: 'Chaincode `wallets:RejectRedemption`.',
    tags,
    params: RedemptionParams,
    body: RejectRedemptionBody,
    successStatus: 200,
    response: Redemption,
    transaction: ({ params, body }) =>
      chaincodeCall('wallets:RejectRedemption', { redemptionId: params.redemptionId, reason: body.reason }),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/redemptions/:redemptionId/cancellation',
    operationId: 'cancelRedemption',
    summary: 'Withdraw a redemption request; the amount is unfrozen (the owner)',
    description: 'Chaincode `wallets:CancelRedemption`.',
    tags,
    params: RedemptionParams,
    successStatus: 200,
    response: Redemption,
    transaction: ({ params }) => chaincodeCall('wallets:CancelRedemption', params),
  }),
];
