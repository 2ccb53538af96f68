import type { z } from 'zod';
import * as consortium from './consortium';
import * as credit from './credit';
import * as energy from './energy';
import * as evidence from './evidence';
import * as finance from './finance';
import * as fx from './fx';
import * as keeper from './keeper';
import * as members from './members';
import * as oracles from './oracles';
import * as rights from './rights';
import * as schema from './schema';
import { PagingInput } from './wallets';
import * as settlements from './settlements';
import * as wallets from './wallets';

/** One transaction of the wire API: its input, its result, and whether it is submitted or evaluated. */
export interface TransactionSpec<I extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> {
  readonly kind: 'submit' | 'evaluate';
  /** The one JSON argument: decoded by the chaincode, encoded (`z.encode`) by clients. */
  readonly input: I;
  /** The JSON result. */
  readonly result: R;
}

const submit = <I extends z.ZodType, R extends z.ZodType>(input: I, result: R): TransactionSpec<I, R> => ({
  kind: 'submit',
  input,
  result,
});
const evaluate = <I extends z.ZodType, R extends z.ZodType>(input: I, result: R): TransactionSpec<I, R> => ({
  kind: 'evaluate',
  input,
  result,
});

/**
 * Every transaction of the chaincode, `<contract>:<Name>`, with its input and result schemas. The
 * chaincode's contract metadata (`contract-metadata.golden.json`) lists the same names; a test keeps
 * them equal.
 */
export const TRANSACTIONS = {
  'members:RegisterMember': submit(members.RegisterMemberInput, members.MemberRecord),
  'members:ChangeMemberRoles': submit(members.ChangeMemberRolesInput, members.MemberRecord),
  'members:SuspendMember': submit(members.MemberStatusChangeInput, members.MemberRecord),
  'members:ReinstateMember': submit(members.MemberStatusChangeInput, members.MemberRecord),
  'members:GetMember': evaluate(members.GetMemberInput, members.MemberRecord),
  'members:ListMembers': evaluate(members.ListMembersInput, members.MemberPage),
  'members:WhoAmI': evaluate(members.EmptyInput, members.WhoAmI),
  'members:SearchDirectory': evaluate(members.SearchDirectoryInput, members.DirectoryPage),
  'members:LookupParty': evaluate(members.LookupPartyInput, members.DirectoryEntry),
  'members:HandlesOf': evaluate(members.HandlesOfInput, members.PartyHandles),

  'consortium:CreateProposal': submit(consortium.CreateProposalInput, consortium.ProposalRecord),
  'consortium:ApproveProposal': submit(consortium.ProposalRefInput, consortium.ProposalRecord),
  'consortium:ExecuteProposal': submit(consortium.ProposalRefInput, consortium.ProposalRecord),
  'consortium:WithdrawProposal': submit(consortium.WithdrawProposalInput, consortium.ProposalRecord),
  'consortium:GetProposal': evaluate(consortium.ProposalRefInput, consortium.ProposalRecord),
  'consortium:ListProposals': evaluate(consortium.ListProposalsInput, consortium.ProposalPage),

  'wallets:OpenAccount': submit(wallets.AccountRefInput, wallets.AccountRecord),
  'wallets:Issue': submit(wallets.IssueInput, wallets.Movement),
  'wallets:Transfer': submit(wallets.TransferInput, wallets.Movement),
  'wallets:CompactAccount': submit(wallets.BalanceRefInput, wallets.Compaction),
  'wallets:RequestRedemption': submit(wallets.RequestRedemptionInput, wallets.RedemptionRecord),
  'wallets:ExecuteRedemption': submit(wallets.RedemptionRefInput, wallets.RedemptionRecord),
  'wallets:RejectRedemption': submit(wallets.RejectRedemptionInput, wallets.RedemptionRecord),
  'wallets:CancelRedemption': submit(wallets.RedemptionRefInput, wallets.RedemptionRecord),
  'wallets:GetAccount': evaluate(wallets.AccountRefInput, wallets.AccountView),
  'wallets:GetBalance': evaluate(wallets.BalanceRefInput, wallets.BalanceView),
  'wallets:ListAccounts': evaluate(wallets.ListAccountsInput, wallets.AccountPage),
  'wallets:GetRedemption': evaluate(wallets.RedemptionRefInput, wallets.RedemptionRecord),
  'wallets:ListRedemptions': evaluate(wallets.ListRedemptionsInput, wallets.RedemptionPage),
  'wallets:GetCurrency': evaluate(wallets.CurrencyRefInput, wallets.CurrencyView),
  'wallets:ListCurrencies': evaluate(PagingInput, wallets.CurrencyPage),

  'settlements:RequestSettlement': submit(settlements.RequestSettlementInput, settlements.SettlementRequested),
  'settlements:AcknowledgePayment': submit(settlements.PurchaseRefInput, settlements.OrderRecord),
  'settlements:Ship': submit(settlements.ShipInput, settlements.OrderRecord),
  'settlements:RecordDelivery': submit(settlements.RecordDeliveryInput, settlements.OrderRecord),
  'settlements:ConfirmReceipt': submit(settlements.ConfirmReceiptInput, settlements.SettlementStep),
  'settlements:SettleExpired': submit(settlements.PurchaseRefInput, settlements.ExpiredSettlement),
  'settlements:Cancel': submit(settlements.CancelSettlementInput, settlements.SettlementStep),
  'settlements:Dispute': submit(settlements.DisputeInput, settlements.SettlementStep),
  'settlements:Arbitrate': submit(settlements.ArbitrateInput, settlements.SettlementStep),
  'settlements:GetOrder': evaluate(settlements.PurchaseRefInput, settlements.OrderRecord),
  'settlements:GetOrderDetails': evaluate(settlements.PurchaseRefInput, settlements.OrderDetailsRecord),
  'settlements:GetSettlement': evaluate(settlements.PurchaseRefInput, settlements.SettlementRecord),
  'settlements:GetOrderHistory': evaluate(settlements.PurchaseRefInput, settlements.OrderHistory),
  'settlements:GetSettlementHistory': evaluate(settlements.PurchaseRefInput, settlements.SettlementHistory),
  'settlements:ListOrders': evaluate(settlements.ListOrders.input, settlements.OrderPage),
  'settlements:ListSettlements': evaluate(settlements.ListSettlements.input, settlements.SettlementPage),

  'evidence:RegisterEvidence': submit(evidence.RegisterEvidenceInput, evidence.EvidenceRecord),
  'evidence:AnchorBatch': submit(evidence.AnchorBatchInput, evidence.AnchoredBatch),
  'evidence:VerifyEvidence': evaluate(evidence.HashRefInput, evidence.Verification),
  'evidence:GetEvidence': evaluate(evidence.HashRefInput, evidence.EvidenceRecord),
  'evidence:GetEvidenceProof': evaluate(evidence.HashRefInput, evidence.EvidenceProof),
  'evidence:GetBatch': evaluate(evidence.BatchRefInput, evidence.BatchRecord),
  'evidence:ListEvidence': evaluate(evidence.ListEvidenceInput, evidence.EvidencePage),
  'evidence:ListAllEvidence': evaluate(PagingInput, evidence.EvidencePage),

  'credit:AddCreditRecord': submit(credit.AddCreditRecordInput, credit.CreditRecord),
  'credit:ListCreditRecords': evaluate(credit.ListCreditRecordsInput, credit.CreditRecordPage),
  'credit:GetCreditReport': evaluate(credit.SubjectRefInput, credit.CreditReport),
  'credit:ListCreditListEntries': evaluate(credit.ListCreditListEntriesInput, credit.CreditListPage),

  'finance:IssueReceivable': submit(finance.IssueReceivableInput, finance.ReceivableRecord),
  'finance:AcceptReceivable': submit(finance.ReceivableRefInput, finance.ReceivableRecord),
  'finance:RejectReceivable': submit(finance.RejectReceivableInput, finance.ReceivableRecord),
  'finance:TransferReceivable': submit(finance.TransferReceivableInput, finance.ReceivableRecord),
  'finance:SplitReceivable': submit(finance.SplitReceivableInput, finance.SplitResult),
  'finance:RequestFinancing': submit(finance.RequestFinancingInput, finance.ReceivableRecord),
  'finance:CancelFinancing': submit(finance.CancelFinancingInput, finance.ReceivableRecord),
  'finance:FinanceReceivable': submit(finance.ReceivablePaymentInput, finance.ReceivableRecord),
  'finance:RepayReceivable': submit(finance.ReceivablePaymentInput, finance.ReceivableRecord),
  'finance:MarkOverdue': submit(finance.ReceivableRefInput, finance.OverdueReceivable),
  'finance:GetReceivable': evaluate(finance.ReceivableRefInput, finance.ReceivableRecord),
  'finance:GetReceivableHistory': evaluate(finance.ReceivableRefInput, finance.ReceivableHistory),
  'finance:ListReceivables': evaluate(finance.ListReceivables.input, finance.ReceivablePage),
  'finance:IssueReceipt': submit(finance.IssueReceiptInput, finance.ReceiptRecord),
  'finance:RequestPledge': submit(finance.RequestPledgeInput, finance.ReceiptRecord),
  'finance:CancelPledge': submit(finance.CancelPledgeInput, finance.ReceiptRecord),
  'finance:FundPledge': submit(finance.ReceiptPaymentInput, finance.ReceiptRecord),
  'finance:RepayPledge': submit(finance.ReceiptPaymentInput, finance.ReceiptRecord),
  'finance:CloseReceipt': submit(finance.ReceiptRefInput, finance.ReceiptRecord),
  'finance:GetReceipt': evaluate(finance.ReceiptRefInput, finance.ReceiptRecord),
  'finance:ListReceipts': evaluate(finance.ListReceipts.input, finance.ReceiptPage),
  'finance:GrantCreditLine': submit(finance.GrantCreditLineInput, finance.CreditLineRecord),
  'finance:DrawCreditLine': submit(finance.CreditLineMoveInput, finance.CreditLineMovement),
  'finance:RepayCreditLine': submit(finance.CreditLineMoveInput, finance.CreditLineMovement),
  'finance:CloseCreditLine': submit(finance.CreditLineRefInput, finance.CreditLineRecord),
  'finance:GetCreditLine': evaluate(finance.CreditLineRefInput, finance.CreditLineRecord),
  'finance:ListCreditLines': evaluate(finance.ListCreditLines.input, finance.CreditLinePage),

  'keeper:ListDue': evaluate(PagingInput, keeper.DuePage),

  'rights:OpenSpace': submit(rights.OpenSpaceInput, rights.SpaceRecord),
  'rights:GetSpace': evaluate(rights.SpaceRefInput, rights.SpaceRecord),
  'rights:ResolveEntry': evaluate(rights.ResolveEntryInput, rights.SpaceEntry),
  'rights:ListOffers': evaluate(rights.ListOffersInput, rights.OfferPage),
  'rights:BindWallet': submit(rights.BindWalletInput, rights.WalletBinding),
  'rights:RegisterRightClass': submit(rights.RegisterRightClassInput, rights.RightClassRecord),
  'rights:GetRightClass': evaluate(rights.ClassRefInput, rights.RightClassView),
  'rights:ListClassTokens': evaluate(rights.ListClassTokensInput, rights.TokenPage),
  'rights:PurchaseRight': submit(rights.PurchaseRightInput, rights.RightSale),
  'rights:TransferRight': submit(rights.TransferRightInput, rights.TokenRecord),
  'rights:ListForResale': submit(rights.ListForResaleInput, rights.TokenRecord),
  'rights:CancelResale': submit(rights.TokenRefInput, rights.TokenRecord),
  'rights:BuyResale': submit(rights.BuyResaleInput, rights.RightSale),
  'rights:RequestRedemption': submit(rights.RequestRightRedemptionInput, rights.TokenRecord),
  'rights:WithdrawRedemption': submit(rights.TokenRefInput, rights.TokenRecord),
  'rights:RefuseRedemption': submit(rights.RefuseRedemptionInput, rights.TokenRecord),
  'rights:FulfilRedemption': submit(rights.FulfilRedemptionInput, rights.TokenRecord),
  'rights:ConfirmRedemption': submit(rights.ConfirmRedemptionInput, rights.TokenRecord),
  'rights:ExpireRedemption': submit(rights.TokenRefInput, rights.ExpiredToken),
  'rights:GetToken': evaluate(rights.TokenRefInput, rights.TokenRecord),
  'rights:OwnerOf': evaluate(rights.TokenRefInput, rights.TokenOwner),
  'rights:BalanceOf': evaluate(rights.BalanceOfInput, rights.TokenBalance),
  'rights:ListTokens': evaluate(rights.ListTokensInput, rights.TokenPage),
  'rights:GetProvenance': evaluate(rights.TokenRefInput, rights.TokenProvenance),
  'schema:ListStaleRecords': evaluate(schema.ListStaleRecordsInput, schema.StaleRecordPage),
  'schema:MigrateRecords': submit(schema.MigrateRecordsInput, schema.MigrationResult),

  'oracles:ReportObservation': submit(oracles.ReportObservationInput, oracles.RoundView),
  'oracles:GetFeed': evaluate(oracles.FeedRefInput, oracles.FeedRecord),
  'oracles:ListFeeds': evaluate(oracles.ListFeedsInput, oracles.FeedPage),
  'oracles:GetRound': evaluate(oracles.RoundRefInput, oracles.RoundView),
  'oracles:ListRounds': evaluate(oracles.ListRoundsInput, oracles.RoundPage),
  'oracles:GetValue': evaluate(oracles.GetValueInput, oracles.FeedValue),

  'fx:RegisterProvider': submit(fx.RegisterProviderInput, fx.ProviderRecord),
  'fx:SetProviderStatus': submit(fx.SetProviderStatusInput, fx.ProviderRecord),
  'fx:GetProvider': evaluate(fx.ProviderRefInput, fx.ProviderRecord),
  'fx:ListProviders': evaluate(fx.ListProvidersInput, fx.ProviderPage),
  'fx:RequestQuote': submit(fx.RequestQuoteInput, fx.QuoteRecord),
  'fx:PayQuote': submit(fx.PayQuoteInput, fx.QuoteRecord),
  'fx:CancelQuote': submit(fx.QuoteRefInput, fx.QuoteRecord),
  'fx:GetQuote': evaluate(fx.QuoteRefInput, fx.QuoteRecord),

  'energy:RegisterMeter': submit(energy.RegisterMeterInput, energy.MeterRecord),
  'energy:GetMeter': evaluate(energy.MeterRefInput, energy.MeterRecord),
  'energy:ListMeters': evaluate(energy.ListMetersInput, energy.MeterPage),
  'energy:OfferEnergy': submit(energy.OfferEnergyInput, energy.EnergyOfferRecord),
  'energy:GetOffer': evaluate(energy.EnergyOfferRefInput, energy.EnergyOfferRecord),
  'energy:ListOffers': evaluate(energy.ListEnergyOffersInput, energy.EnergyOfferPage),
  'energy:BuyEnergy': submit(energy.BuyEnergyInput, energy.EnergyPurchaseRecord),
  'energy:GetPurchase': evaluate(energy.EnergyPurchaseRefInput, energy.EnergyPurchaseRecord),
  'energy:ListPurchases': evaluate(energy.ListEnergyPurchasesInput, energy.EnergyPurchasePage),
  'energy:SettleWindow': submit(energy.EnergyOfferRefInput, energy.EnergyOfferRecord),
  'energy:GetCertificate': evaluate(energy.CertificateRefInput, energy.GreenCertificateRecord),
  'energy:ListCertificates': evaluate(energy.ListCertificatesInput, energy.GreenCertificatePage),
  'energy:TransferCertificate': submit(energy.TransferCertificateInput, energy.GreenCertificateRecord),
  'energy:RetireCertificate': submit(energy.RetireCertificateInput, energy.GreenCertificateRecord),
} as const satisfies Record<string, TransactionSpec>;

/** A transaction name, `<contract>:<Name>`. */
export type TransactionName = keyof typeof TRANSACTIONS;

/** The decoded input of transaction `N` (bigint amounts): what the chaincode computes with. */
export type InputOf<N extends TransactionName> = z.output<(typeof TRANSACTIONS)[N]['input']>;

/** The wire input of transaction `N` (decimal-string amounts): what a client sends. */
export type WireInputOf<N extends TransactionName> = z.input<(typeof TRANSACTIONS)[N]['input']>;

/** The result of transaction `N`. */
export type ResultOf<N extends TransactionName> = z.output<(typeof TRANSACTIONS)[N]['result']>;

/** Whether `name` is a transaction of the catalogue. */
export function isTransactionName(name: string): name is TransactionName {
  return Object.hasOwn(TRANSACTIONS, name);
}
