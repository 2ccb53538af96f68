import {
  BuyEnergyInput,
  EnergyOfferRecord,
  EnergyPurchaseRecord,
  GreenCertificateRecord,
  ListCertificatesInput,
  ListEnergyOffersInput,
  ListEnergyPurchasesInput,
  ListMetersInput,
  MeterRecord,
  OfferEnergyInput,
  RegisterMeterInput,
  RetireCertificateInput,
  TransferCertificateInput,
} from '@allianceledger/contract';
import { z } from 'zod';
import { pageOf, Paging } from '../common/pagination.schemas';

/**
 * Energy trading over REST: meters, offers by delivery window, purchases, green certificates. Each body
 * is the chaincode input without the path's ids; the path names the record by its id field.
 */

export const Meter = MeterRecord;
export const MeterPage = pageOf(MeterRecord).meta({ id: 'MeterPage' });
export const RegisterMeterBody = RegisterMeterInput;
export const MeterParams = z.strictObject({ meterId: RegisterMeterInput.shape.meterId });
export const MetersQuery = z.strictObject({ party: ListMetersInput.shape.party, ...Paging });

export const EnergyOffer = EnergyOfferRecord;
export const EnergyOfferPage = pageOf(EnergyOfferRecord).meta({ id: 'EnergyOfferPage' });
export const OfferEnergyBody = OfferEnergyInput;
export const EnergyOfferParams = z.strictObject({ offerId: EnergyOfferRecord.shape.offerId });
export const EnergyOffersQuery = z.strictObject({
  producer: ListEnergyOffersInput.shape.producer,
  status: ListEnergyOffersInput.shape.status,
  ...Paging,
});

export const EnergyPurchase = EnergyPurchaseRecord;
export const EnergyPurchasePage = pageOf(EnergyPurchaseRecord).meta({ id: 'EnergyPurchasePage' });
export const BuyEnergyBody = BuyEnergyInput.omit({ offerId: true });
export const EnergyPurchaseParams = z.strictObject({ purchaseId: EnergyPurchaseRecord.shape.purchaseId });
export const EnergyPurchasesQuery = z.strictObject({ consumer: ListEnergyPurchasesInput.shape.consumer, ...Paging });

export const GreenCertificate = GreenCertificateRecord;
export const GreenCertificatePage = pageOf(GreenCertificateRecord).meta({ id: 'GreenCertificatePage' });
export const CertificateParams = z.strictObject({ certificateId: TransferCertificateInput.shape.certificateId });
export const CertificatesQuery = z.strictObject({ owner: ListCertificatesInput.shape.owner, ...Paging });
export const TransferCertificateBody = TransferCertificateInput.omit({ certificateId: true });
export const RetireCertificateBody = RetireCertificateInput.omit({ certificateId: true });
