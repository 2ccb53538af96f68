import {
  BindWalletInput,
  BuyResaleInput,
  checkRedemptionRequest,
  ConfirmRedemptionInput,
  ExpiredToken as ChaincodeExpiredToken,
  FulfilRedemptionInput,
  historyEntryOf,
  ListClassTokensInput,
  ListForResaleInput,
  ListOffersInput,
  ListTokensInput,
  Offer,
  OpenSpaceInput,
  PartyRef,
  PurchaseRightInput,
  RedemptionRequestFields,
  RefuseRedemptionInput,
  RegisterRightClassInput,
  RightClassRecord,
  RightClassView,
  RightSale as ChaincodeRightSale,
  SpaceRecord,
  TokenBalance as ChaincodeTokenBalance,
  TokenOwner as ChaincodeTokenOwner,
  TokenRecord,
  TransferRightInput,
  WalletBinding as ChaincodeWalletBinding,
} from '@allianceledger/contract';
import { z } from 'zod';
import { pageOf, Paging } from '../common/pagination.schemas';

/**
 * Commodity rights over REST: trading spaces, classes, tokens. Each body is the chaincode input
 * without the path's ids; the path names the record by its id field.
 */

export const TradingSpace = SpaceRecord;
export const WalletBinding = ChaincodeWalletBinding;
export const OfferPage = pageOf(Offer).meta({ id: 'RightOfferPage' });
export const SpaceEntry = z
  .object({ space: SpaceRecord, offers: OfferPage })
  .meta({ id: 'TradingSpaceEntry', description: 'A space and the first page of its offers' });
export const OpenSpaceBody = OpenSpaceInput;
export const SpaceParams = z.strictObject({ spaceId: SpaceRecord.shape.spaceId });
export const EntryParams = z.strictObject({ entryToken: SpaceRecord.shape.entryToken });
export const OffersQuery = z.strictObject({ category: ListOffersInput.shape.category, ...Paging });
export const BindWalletBody = BindWalletInput.omit({ spaceId: true });

export const RightClass = RightClassRecord;
export const RightClassWithSupply = RightClassView;
export const RegisterRightClassBody = RegisterRightClassInput;
export const ClassParams = z.strictObject({ classId: RightClassRecord.shape.classId });
export const ClassTokensQuery = z.strictObject({ status: ListClassTokensInput.shape.status, ...Paging });
export const PurchaseBody = PurchaseRightInput.omit({ classId: true });

export const Token = TokenRecord;
export const TokenPage = pageOf(TokenRecord).meta({ id: 'RightTokenPage' });
export const RightSale = ChaincodeRightSale;
export const TokenOwner = ChaincodeTokenOwner;
export const ExpiredToken = ChaincodeExpiredToken;
export const TokenBalance = ChaincodeTokenBalance;
export const TokenParams = z.strictObject({ tokenId: TokenRecord.shape.tokenId });
export const OwnerParams = z.strictObject({ owner: PartyRef });
export const ListTokensQuery = z.strictObject({ owner: ListTokensInput.shape.owner, ...Paging });
export const TransferBody = TransferRightInput.omit({ tokenId: true });
export const ResaleListingBody = ListForResaleInput.omit({ tokenId: true });
export const ResalePurchaseBody = BuyResaleInput.omit({ tokenId: true });
export const RedemptionRequestBody = z.strictObject(RedemptionRequestFields).superRefine(checkRedemptionRequest);
export const RedemptionRefusalBody = RefuseRedemptionInput.omit({ tokenId: true });
export const RedemptionFulfilmentBody = FulfilRedemptionInput.omit({ tokenId: true });
export const RedemptionConfirmationBody = ConfirmRedemptionInput.omit({ tokenId: true });

/** A token's provenance: every committed version, each with the block of its transaction. */
export const TokenProvenance = z
  .object({
    items: z.array(
      historyEntryOf(TokenRecord).extend({
        blockNumber: z.string().optional().describe('The block of `txId`, from the ledger'),
      }),
    ),
  })
  .meta({ id: 'TokenProvenance' });
