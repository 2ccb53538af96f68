import { withBlockNumber } from '../common/block-number';
import { chaincodeCall } from '../common/chaincode-call';
import { evaluatePage } from '../common/pagination.schemas';
import { readRoute, writeRoute, type Route } from '../http/route';
import {
  ExpiredToken,
  ListTokensQuery,
  OwnerParams,
  RedemptionConfirmationBody,
  RedemptionFulfilmentBody,
  RedemptionRefusalBody,
  RedemptionRequestBody,
  ResaleListingBody,
  ResalePurchaseBody,
  RightSale,
  Token,
  TokenBalance,
  TokenOwner,
  TokenPage,
  TokenParams,
  TokenProvenance,
  TransferBody,
} from './rights.schemas';

const tags = ['commodity rights'];

/**
 * Commodity-right tokens (contract `rights`): who holds them (ERC-721's `ownerOf`, `balanceOf`),
 * their provenance, gifts and resales, redemption for the goods. A token's owner and provenance are
 * read by its current and past holders, its store and auditors only.
 */
export const tokenRoutes: readonly Route[] = [
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/tokens',
    operationId: 'listTokens',
    summary: "A party's live tokens: the caller's own, or anyone's for an auditor",
    description: 'Chaincode `rights:ListTokens`, by token id; listed and locked tokens included, burned ones not.',
    tags,
    query: ListTokensQuery,
    response: TokenPage,
    handle: ({ transactions, principal, query }) =>
      evaluatePage(() => transactions.evaluate(principal, chaincodeCall('rights:ListTokens', query))),
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/token-balances/:owner',
    operationId: 'balanceOf',
    summary: 'How many live tokens a party holds, ERC-721 `balanceOf` (the party itself, auditors)',
    description: 'Chaincode `rights:BalanceOf`. The party id goes percent-encoded in the path.',
    tags,
    params: OwnerParams,
    response: TokenBalance,
    handle: ({ transactions, principal, params }) =>
      transactions.evaluate(principal, chaincodeCall('rights:BalanceOf', params)),
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/tokens/:tokenId',
    operationId: 'getToken',
    summary: 'A token: owner, state, listing, redemption (its holders past and present, its store, auditors)',
    description: 'Chaincode `rights:GetToken`.',
    tags,
    params: TokenParams,
    response: Token,
    handle: ({ transactions, principal, params }) =>
      transactions.evaluate(principal, chaincodeCall('rights:GetToken', params)),
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/tokens/:tokenId/owner',
    operationId: 'ownerOf',
    summary: "A token's owner, ERC-721 `ownerOf`; a burned token has none (same readers)",
    description: 'Chaincode `rights:OwnerOf`.',
    tags,
    params: TokenParams,
    response: TokenOwner,
    handle: ({ transactions, principal, params }) =>
      transactions.evaluate(principal, chaincodeCall('rights:OwnerOf', params)),
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/tokens/:tokenId/provenance',
    operationId: 'getTokenProvenance',
    summary: 'Every committed version of a token, oldest first: each owner with its transaction and block',
    description:
      'Chaincode `rights:GetProvenance` (the key history), each version with the block of its transaction ' +
      'from the ledger. Same readers as the token.',
    tags,
    params: TokenParams,
    response: TokenProvenance,
    handle: async ({ transactions, principal, params, ledger }) => {
      const versions = (await transactions.evaluate(
        principal,
        chaincodeCall('rights:GetProvenance', params),
      )) as unknown[];
      return { items: await Promise.all(versions.map((version) => withBlockNumber(ledger, version))) };
    },
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/tokens/:tokenId/transfer',
    operationId: 'transferRight',
    summary: 'Give a token to another member (its holder; no payment)',
    description:
      'Chaincode `rights:TransferRight` (DA-Send as a gift). Only a HELD token moves: a listed or locked one ' +
      'answers 409 ILLEGAL_STATE.',
    tags,
    params: TokenParams,
    body: TransferBody,
    successStatus: 200,
    response: Token,
    transaction: ({ params, body }) => chaincodeCall('rights:TransferRight', { ...params, ...body }),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/tokens/:tokenId/resale-listing',
    operationId: 'listForResale',
    summary: 'Offer a token for resale in your own trading space (its holder)',
    description:
      'Chaincode `rights:ListForResale`: priced in the class’s currency, shown in the space’s offers to every ' +
      'member (a listing is a public offer).',
    tags,
    params: TokenParams,
    body: ResaleListingBody,
    successStatus: 200,
    response: Token,
    transaction: ({ params, body }) => chaincodeCall('rights:ListForResale', { ...params, ...body }),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/tokens/:tokenId/resale-cancellation',
    operationId: 'cancelResale',
    summary: 'Withdraw a resale listing (its holder)',
    description: 'Chaincode `rights:CancelResale`.',
    tags,
    params: TokenParams,
    successStatus: 200,
    response: Token,
    transaction: ({ params }) => chaincodeCall('rights:CancelResale', params),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/tokens/:tokenId/resale-purchase',
    operationId: 'buyResale',
    summary: 'Buy a listed token from an account bound to the listing’s space: delivery versus payment',
    description:
      'Chaincode `rights:BuyResale`: in one transaction your account pays the price, the seller receives it ' +
      'less the store’s royalty (⌊price × royaltyBps / 10000⌋, rounded down) and the token moves to you.',
    tags,
    params: TokenParams,
    body: ResalePurchaseBody,
    successStatus: 200,
    response: RightSale,
    transaction: ({ params, body }) => chaincodeCall('rights:BuyResale', { ...params, ...body }),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/tokens/:tokenId/redemption-request',
    operationId: 'requestRightRedemption',
    summary: 'Ask the store for the goods, by DELIVERY or PICKUP; the token is locked (its holder)',
    description:
      'Chaincode `rights:RequestRedemption`. A delivery names the SHA-256 of the address given to the store off ' +
      'chain (`addressHash`); the address never goes on chain.',
    tags,
    params: TokenParams,
    body: RedemptionRequestBody,
    successStatus: 200,
    response: Token,
    transaction: ({ params, body }) => chaincodeCall('rights:RequestRedemption', { ...params, ...body }),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/tokens/:tokenId/redemption-withdrawal',
    operationId: 'withdrawRightRedemption',
    summary: 'Take a redemption request back before the store fulfils it (its holder)',
    description: 'Chaincode `rights:WithdrawRedemption`: the token is unlocked.',
    tags,
    params: TokenParams,
    successStatus: 200,
    response: Token,
    transaction: ({ params }) => chaincodeCall('rights:WithdrawRedemption', params),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/tokens/:tokenId/redemption-refusal',
    operationId: 'refuseRightRedemption',
    summary: 'Refuse a redemption request, with a reason; the token is unlocked (the store)',
    description: 'Chaincode `rights:RefuseRedemption`.',
    tags,
    params: TokenParams,
    body: RedemptionRefusalBody,
    successStatus: 200,
    response: Token,
    transaction: ({ params, body }) => chaincodeCall('rights:RefuseRedemption', { ...params, ...body }),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/tokens/:tokenId/redemption-fulfilment',
    operationId: 'fulfilRightRedemption',
    summary: 'The goods are shipped (carrier, tracking number) or ready for pick-up (the store)',
    description:
      'Chaincode `rights:FulfilRedemption`. If the holder has not confirmed `confirmWithinSeconds` later (10 days ' +
      'by default), the keeper burns the token (`…/redemption-expiration`).',
    tags,
    params: TokenParams,
    body: RedemptionFulfilmentBody,
    successStatus: 200,
    response: Token,
    transaction: ({ params, body }) => chaincodeCall('rights:FulfilRedemption', { ...params, ...body }),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/tokens/:tokenId/redemption-confirmation',
    operationId: 'confirmRightRedemption',
    summary: 'Confirm the goods arrived: the token is burned (its holder, or an oracle of the logistics feed)',
    description:
      'Chaincode `rights:ConfirmRedemption`. An oracle of the `logistics` feed reports DELIVERED in the round ' +
      '`redemption:<tokenId>:<fulfilledAt>`; short of the feed quorum it is refused (409 NO_QUORUM or STALE_VALUE). ' +
      'A burned token never moves again.',
    tags,
    params: TokenParams,
    body: RedemptionConfirmationBody,
    successStatus: 200,
    response: Token,
    transaction: ({ params, body }) => chaincodeCall('rights:ConfirmRedemption', { ...params, ...body }),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/tokens/:tokenId/redemption-expiration',
    operationId: 'expireRightRedemption',
    summary: 'Burn a fulfilled token whose holder did not confirm in time (anyone; the keeper does it by itself)',
    description:
      'Chaincode `rights:ExpireRedemption`, decided by the transaction time. The answer is the burned token for its ' +
      'readers (its holders past and present, its store, auditors); anyone else gets `{tokenId, status: BURNED}` ' +
      'only. Before the confirmation deadline, 409 ILLEGAL_STATE with `details.confirmDeadline` — for anyone but ' +
      'the token’s readers the refusal names the token only.',
    tags,
    params: TokenParams,
    successStatus: 200,
    response: ExpiredToken,
    transaction: ({ params }) => chaincodeCall('rights:ExpireRedemption', params),
  }),
];
