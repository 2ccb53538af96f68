import { chaincodeCall } from '../common/chaincode-call';
import { segment, stringAt } from '../common/location';
import { evaluatePage } from '../common/pagination.schemas';
import { readRoute, writeRoute, type Route } from '../http/route';
import {
  BuyEnergyBody,
  CertificateParams,
  CertificatesQuery,
  EnergyOffer,
  EnergyOfferPage,
  EnergyOfferParams,
  EnergyOffersQuery,
  EnergyPurchase,
  EnergyPurchasePage,
  EnergyPurchaseParams,
  EnergyPurchasesQuery,
  GreenCertificate,
  GreenCertificatePage,
  Meter,
  MeterPage,
  MeterParams,
  MetersQuery,
  OfferEnergyBody,
  RegisterMeterBody,
  RetireCertificateBody,
  TransferCertificateBody,
} from './energy.schemas';

const tags = ['energy trading'];

/**
 * Energy trading (contract `energy`, DOMAIN.md §7): the grid organisation registers meters; producers
 * offer Wh for a delivery window; consumers buy with the price frozen; after the window the meters'
 * feeds settle it pro rata (the keeper does so by itself once the reading grace has passed); renewable
 * energy earns green certificates, transferable and retired once.
 */
export const energyRoutes: readonly Route[] = [
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/meters',
    operationId: 'registerMeter',
    summary:
      "Bind a meter and its METER_READING feed to a producer or consumer (the grid organisation: EnergyMSP's admin)",
    description:
      'Chaincode `energy:RegisterMeter`. The feed (registered by consortium decision, scale 0: Wh) reports, for each ' +
      'offer, a round named by the offer id. One feed reads one meter (409 `CONFLICT`); the party must be an active ' +
      '`energy_producer` (PRODUCER) or `energy_consumer` (CONSUMER), 409 `ILLEGAL_STATE` otherwise.',
    tags,
    body: RegisterMeterBody,
    successStatus: 201,
    response: Meter,
    transaction: ({ body }) => chaincodeCall('energy:RegisterMeter', body),
    location: ({ body }) => `/meters/${segment(body.meterId)}`,
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/meters',
    operationId: 'listMeters',
    summary: "A party's meters: your own, or anyone's for the grid organisation and auditors",
    description: 'Chaincode `energy:ListMeters`, by meter id.',
    tags,
    query: MetersQuery,
    response: MeterPage,
    handle: ({ transactions, principal, query }) =>
      evaluatePage(() => transactions.evaluate(principal, chaincodeCall('energy:ListMeters', query))),
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/meters/:meterId',
    operationId: 'getMeter',
    summary: 'A meter: its party, side and feed (its party, the grid organisation, auditors)',
    description: 'Chaincode `energy:GetMeter`.',
    tags,
    params: MeterParams,
    response: Meter,
    handle: ({ transactions, principal, params }) =>
      transactions.evaluate(principal, chaincodeCall('energy:GetMeter', params)),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/energy-offers',
    operationId: 'offerEnergy',
    summary: 'Offer Wh for a future delivery window at a price per kWh, from your own meter (a producer)',
    description:
      'Chaincode `energy:OfferEnergy`. The offer id (the transaction id) is also the round id the meters report ' +
      'the window under. `settleBy` = `windowEnd` + `readingGraceSeconds` (default 3600): the keeper settles then.',
    tags,
    body: OfferEnergyBody,
    successStatus: 201,
    response: EnergyOffer,
    transaction: ({ body }) => chaincodeCall('energy:OfferEnergy', body),
    location: (_input, data) => {
      const id = stringAt(data, 'offerId');
      return id === undefined ? undefined : `/energy-offers/${segment(id)}`;
    },
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/energy-offers',
    operationId: 'listEnergyOffers',
    summary: "The market's offers in one status (default OPEN), all or one producer's (any member)",
    description: 'Chaincode `energy:ListOffers`, by offer id.',
    tags,
    query: EnergyOffersQuery,
    response: EnergyOfferPage,
    handle: ({ transactions, principal, query }) =>
      evaluatePage(() => transactions.evaluate(principal, chaincodeCall('energy:ListOffers', query))),
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/energy-offers/:offerId',
    operationId: 'getEnergyOffer',
    summary: 'An offer: its window, what is sold, and once settled what was delivered and paid (any member)',
    description: 'Chaincode `energy:GetOffer`.',
    tags,
    params: EnergyOfferParams,
    response: EnergyOffer,
    handle: ({ transactions, principal, params }) =>
      transactions.evaluate(principal, chaincodeCall('energy:GetOffer', params)),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/energy-offers/:offerId/purchases',
    operationId: 'buyEnergy',
    summary: 'Buy all or part of an open offer before its window starts; the price is frozen (a consumer)',
    description:
      'Chaincode `energy:BuyEnergy`: freezes ⌈quantityWh × pricePerKwh / 1000⌉ in your account — the most it can ' +
      'cost. 409 `ILLEGAL_STATE` when the window has started or the offer has less left (details: `remainingWh`); ' +
      '422 `INSUFFICIENT_FUNDS` when the account is short.',
    tags,
    params: EnergyOfferParams,
    body: BuyEnergyBody,
    successStatus: 201,
    response: EnergyPurchase,
    transaction: ({ params, body }) => chaincodeCall('energy:BuyEnergy', { ...params, ...body }),
    location: (_input, data) => {
      const id = stringAt(data, 'purchaseId');
      return id === undefined ? undefined : `/energy-purchases/${segment(id)}`;
    },
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/energy-offers/:offerId/settlement',
    operationId: 'settleEnergyWindow',
    summary: 'Settle a window that has ended from its meter readings (anyone; the keeper does it at `settleBy`)',
    description:
      'Chaincode `energy:SettleWindow`. Each purchase pays ⌊settledWh × pricePerKwh / 1000⌋ for min(bought, its ' +
      "pro-rata share of the producer's delivered Wh, its share of what its meter received); the rest is unfrozen. " +
      'Under-delivery writes an `ENERGY_UNDER_DELIVERED` credit record of the producer; renewable energy mints green ' +
      'certificates (one unit per whole MWh). 409 `ILLEGAL_STATE` before `windowEnd` or once settled; before ' +
      '`settleBy` 409 `NO_QUORUM` while a meter has no reading made from `windowEnd` to `settleBy` — after it, such a ' +
      'meter counts 0 Wh. The answer carries `settlement` for the producer, auditors and EnergyMSP admins only.',
    tags,
    params: EnergyOfferParams,
    successStatus: 200,
    response: EnergyOffer,
    transaction: ({ params }) => chaincodeCall('energy:SettleWindow', params),
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/energy-purchases',
    operationId: 'listEnergyPurchases',
    summary: "A consumer's purchases: your own, or anyone's for an auditor",
    description: 'Chaincode `energy:ListPurchases`, by purchase id.',
    tags,
    query: EnergyPurchasesQuery,
    response: EnergyPurchasePage,
    handle: ({ transactions, principal, query }) =>
      evaluatePage(() => transactions.evaluate(principal, chaincodeCall('energy:ListPurchases', query))),
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/energy-purchases/:purchaseId',
    operationId: 'getEnergyPurchase',
    summary: 'A purchase, and once settled what it paid for and got back (its consumer and producer, auditors)',
    description: 'Chaincode `energy:GetPurchase`.',
    tags,
    params: EnergyPurchaseParams,
    response: EnergyPurchase,
    handle: ({ transactions, principal, params }) =>
      transactions.evaluate(principal, chaincodeCall('energy:GetPurchase', params)),
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/green-certificates',
    operationId: 'listGreenCertificates',
    summary: "An owner's green certificates, active and retired: your own, or anyone's for an auditor",
    description: 'Chaincode `energy:ListCertificates`, by certificate id.',
    tags,
    query: CertificatesQuery,
    response: GreenCertificatePage,
    handle: ({ transactions, principal, query }) =>
      evaluatePage(() => transactions.evaluate(principal, chaincodeCall('energy:ListCertificates', query))),
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/green-certificates/:certificateId',
    operationId: 'getGreenCertificate',
    summary: 'A green certificate: its units, window, evidence hash and status (its owner and producer, auditors)',
    description:
      'Chaincode `energy:GetCertificate`. `evidenceHash` is registered evidence (`GET /evidence/{hash}/verification`).',
    tags,
    params: CertificateParams,
    response: GreenCertificate,
    handle: ({ transactions, principal, params }) =>
      transactions.evaluate(principal, chaincodeCall('energy:GetCertificate', params)),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/green-certificates/:certificateId/transfer',
    operationId: 'transferGreenCertificate',
    summary: 'Give an active certificate to another member (its owner)',
    description: 'Chaincode `energy:TransferCertificate`. A retired certificate answers 409 `ILLEGAL_STATE`.',
    tags,
    params: CertificateParams,
    body: TransferCertificateBody,
    successStatus: 200,
    response: GreenCertificate,
    transaction: ({ params, body }) => chaincodeCall('energy:TransferCertificate', { ...params, ...body }),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/green-certificates/:certificateId/retirement',
    operationId: 'retireGreenCertificate',
    summary: 'Retire a certificate to claim its renewable energy, once (its owner)',
    description:
      'Chaincode `energy:RetireCertificate`. A retired certificate never moves or retires again (409 `ILLEGAL_STATE`).',
    tags,
    params: CertificateParams,
    body: RetireCertificateBody,
    successStatus: 200,
    response: GreenCertificate,
    transaction: ({ params, body }) => chaincodeCall('energy:RetireCertificate', { ...params, ...body }),
  }),
];
