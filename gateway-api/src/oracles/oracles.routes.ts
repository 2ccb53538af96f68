import { chaincodeCall } from '../common/chaincode-call';
import { segment } from '../common/location';
import { evaluatePage } from '../common/pagination.schemas';
import { readRoute, writeRoute, type Route } from '../http/route';
import {
  Feed,
  FeedPage,
  FeedParams,
  FeedsQuery,
  FeedValue,
  ReportBody,
  Round,
  RoundPage,
  RoundParams,
  ValueQuery,
} from './oracles.schemas';

const tags = ['oracles'];

/** Who reads a feed's rounds, values and latest round id (chaincode `roundReaders`). */
const ROUND_READERS =
  'An FX rate feed’s: any member. A meter feed’s and the logistics feed’s (a meter’s readings, a parcel’s ' +
  'status): the feed’s oracles, auditors and the admins of the organisation they concern — EnergyMSP’s for a ' +
  'meter, EcommerceMSP’s for a parcel; 403 `FORBIDDEN` for anyone else.';

/**
 * Oracle feeds (contract `oracles`, DOMAIN.md §7): registered by consortium decision, k-of-n reports per
 * round, the lower median of the fresh reports as the value contracts consume. FX feeds are public to
 * members; a meter's or a shipment's rounds are read by the feed's oracles, auditors and the admins of
 * the organisation they concern (EnergyMSP, EcommerceMSP).
 */
export const oracleRoutes: readonly Route[] = [
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/feeds',
    operationId: 'listFeeds',
    summary: 'The oracle feeds the consortium registered (any member)',
    description:
      'Chaincode `oracles:ListFeeds`, by feed id. A feed is registered by a consortium decision: ' +
      '`POST /proposals` with kind `REGISTER_FEED`. `latestRoundId` only for those who read its rounds. ' +
      ROUND_READERS,
    tags,
    query: FeedsQuery,
    response: FeedPage,
    handle: ({ transactions, principal, query }) =>
      evaluatePage(() => transactions.evaluate(principal, chaincodeCall('oracles:ListFeeds', query))),
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/feeds/:feedId',
    operationId: 'getFeed',
    summary: 'A feed: kind, oracles, quorum k of n, maximum age, scale (any member), latest round (its round readers)',
    description:
      'Chaincode `oracles:GetFeed`. `removed` lists the oracles taken off it by consortium decision. ' +
      '`latestRoundId` only for those who read its rounds. ' +
      ROUND_READERS,
    tags,
    params: FeedParams,
    response: Feed,
    handle: ({ transactions, principal, params }) =>
      transactions.evaluate(principal, chaincodeCall('oracles:GetFeed', params)),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/feeds/:feedId/rounds/:roundId/reports',
    operationId: 'reportObservation',
    summary: "Report an observation into a round (one of the feed's oracles, once per round)",
    description:
      'Chaincode `oracles:ReportObservation`. `value` is an integer as a decimal string — the quantity times ' +
      '10^scale of the feed, never a float. A second report by the same oracle in a round answers 409 CONFLICT. ' +
      'A meter reading into an energy offer’s round (the round id is the offer id) is taken from `windowEnd` to ' +
      '`settleBy` only: 409 ILLEGAL_STATE outside that span. ' +
      'The answer is the round with its value as of this transaction (`current`).',
    tags,
    params: RoundParams,
    body: ReportBody,
    successStatus: 201,
    response: Round,
    transaction: ({ params, body }) => chaincodeCall('oracles:ReportObservation', { ...params, ...body }),
    location: ({ params }) => `/feeds/${segment(params.feedId)}/rounds/${segment(params.roundId)}`,
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/feeds/:feedId/rounds',
    operationId: 'listRounds',
    summary: "A feed's rounds in the order they opened: its history (its round readers)",
    description:
      'Chaincode `oracles:ListRounds`: every report of each round, the median when its quorum was first ' +
      'reached (`valueAtQuorum`) and its value now (`current`). ' +
      ROUND_READERS,
    tags,
    params: FeedParams,
    query: FeedsQuery,
    response: RoundPage,
    handle: ({ transactions, principal, params, query }) =>
      evaluatePage(() =>
        transactions.evaluate(principal, chaincodeCall('oracles:ListRounds', { ...params, ...query })),
      ),
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/feeds/:feedId/rounds/:roundId',
    operationId: 'getRound',
    summary: 'One round: its reports and its value now (its round readers)',
    description: `Chaincode \`oracles:GetRound\`. ${ROUND_READERS}`,
    tags,
    params: RoundParams,
    response: Round,
    handle: ({ transactions, principal, params }) =>
      transactions.evaluate(principal, chaincodeCall('oracles:GetRound', params)),
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/feeds/:feedId/value',
    operationId: 'getFeedValue',
    summary: 'The value a contract would use now: the lower median of the fresh reports of a round',
    description:
      'Chaincode `oracles:GetValue`, of the feed’s latest round to reach its quorum unless `roundId` names ' +
      'one. 409 `STALE_VALUE` when k reports are in but fewer than k are fresh; 409 `NO_QUORUM` when fewer ' +
      'than k are in — what every transaction that consumes the feed answers then. ' +
      ROUND_READERS,
    tags,
    params: FeedParams,
    query: ValueQuery,
    response: FeedValue,
    handle: ({ transactions, principal, params, query }) =>
      transactions.evaluate(principal, chaincodeCall('oracles:GetValue', { ...params, ...query })),
  }),
];
