import { Id, PartyRef, PurchaseStepFields, Sha256HexAnyCase, TX_ID_PATTERN } from '@allianceledger/contract';
import { z } from 'zod';

/**
 * A purchase — a store order and its settlement — is named in a path two ways: by its store and the
 * store's own order number (`/stores/{store}/orders/{storeOrderNo}`), or by its settlement number
 * (`/settlements/{settlementNo}`). Every step and view of a purchase is under both.
 */

/** `/stores/{store}/orders/{storeOrderNo}`: the store by handle (`EcommerceMSP:store1`) or party id. */
export const StoreOrderParams = z.strictObject({
  store: PartyRef,
  storeOrderNo: Id.describe("The store's own order number"),
});

/** `/settlements/{settlementNo}`: a wrong kind of id is refused with the path that takes it. */
export const SettlementParams = z.strictObject({
  settlementNo: z
    .string()
    .regex(
      TX_ID_PATTERN,
      'a settlement number: 64 lower-case hex digits (the id of the RequestSettlement transaction); to name a ' +
        "purchase by the store's own order number use /stores/{store}/orders/{storeOrderNo}",
    )
    .describe('The settlement number: the id of the RequestSettlement transaction'),
});

/** The body of each step: its fields besides the purchase's name, digests accepted in either case. */
export const ShipmentBody = z.strictObject(PurchaseStepFields.ship);
export const DeliveryBody = z.strictObject({
  ...PurchaseStepFields.recordDelivery,
  proofHash: Sha256HexAnyCase.optional().describe('SHA-256 of the delivery proof (hex, either case)'),
});
export const ConfirmationBody = z.strictObject(PurchaseStepFields.confirmReceipt);
export const CancellationBody = z.strictObject(PurchaseStepFields.cancel);
export const DisputeBody = z.strictObject({
  ...PurchaseStepFields.dispute,
  evidenceHash: Sha256HexAnyCase.optional().describe('SHA-256 of the evidence, kept off chain (hex, either case)'),
});
export const ArbitrationBody = z.strictObject(PurchaseStepFields.arbitrate);
