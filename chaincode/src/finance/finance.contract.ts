import { Info, Returns, Transaction } from 'fabric-contract-api';
import { AllianceContract } from '../lib/alliance.contract';
import { AllianceContext } from '../lib/context';
import * as creditLines from './credit-line.service';
import * as receipts from './receipt.service';
import * as financing from './receivable-financing.service';
import * as repayments from './receivable-repayment.service';
import * as receivables from './receivable.service';

/**
 * Supply-chain finance (DOMAIN.md §6): accounts receivable (issue, accept, transfer, split, finance
 * with a bank, repay, overdue), warehouse receipts (issue, pledge for a loan, release on repayment)
 * and bank credit lines (grant, draw, repay; settlement step 1b draws on them too).
 */
@Info({ title: 'finance', description: 'Supply-chain finance: receivables, warehouse receipts, credit lines' })
export class FinanceContract extends AllianceContract {
  constructor() {
    super('finance');
  }

  @Transaction()
  @Returns('string')
  IssueReceivable(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(receivables.issueReceivable(ctx, input));
  }

  @Transaction()
  @Returns('string')
  AcceptReceivable(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(receivables.acceptReceivable(ctx, input));
  }

  @Transaction()
  @Returns('string')
  RejectReceivable(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(receivables.rejectReceivable(ctx, input));
  }

  @Transaction()
  @Returns('string')
  TransferReceivable(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(receivables.transferReceivable(ctx, input));
  }

  @Transaction()
  @Returns('string')
  SplitReceivable(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(receivables.splitReceivable(ctx, input));
  }

  @Transaction()
  @Returns('string')
  RequestFinancing(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(financing.requestFinancing(ctx, input));
  }

  @Transaction()
  @Returns('string')
  CancelFinancing(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(financing.cancelFinancing(ctx, input));
  }

  @Transaction()
  @Returns('string')
  FinanceReceivable(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(financing.financeReceivable(ctx, input));
  }

  @Transaction()
  @Returns('string')
  RepayReceivable(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(repayments.repayReceivable(ctx, input));
  }

  @Transaction()
  @Returns('string')
  MarkOverdue(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(repayments.markOverdue(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  GetReceivable(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(receivables.getReceivable(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  GetReceivableHistory(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(receivables.getReceivableHistory(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  ListReceivables(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(receivables.listReceivables(ctx, input));
  }

  @Transaction()
  @Returns('string')
  IssueReceipt(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(receipts.issueReceipt(ctx, input));
  }

  @Transaction()
  @Returns('string')
  RequestPledge(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(receipts.requestPledge(ctx, input));
  }

  @Transaction()
  @Returns('string')
  CancelPledge(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(receipts.cancelPledge(ctx, input));
  }

  @Transaction()
  @Returns('string')
  FundPledge(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(receipts.fundPledge(ctx, input));
  }

  @Transaction()
  @Returns('string')
  RepayPledge(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(receipts.repayPledge(ctx, input));
  }

  @Transaction()
  @Returns('string')
  CloseReceipt(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(receipts.closeReceipt(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  GetReceipt(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(receipts.getReceipt(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  ListReceipts(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(receipts.listReceipts(ctx, input));
  }

  @Transaction()
  @Returns('string')
  GrantCreditLine(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(creditLines.grantCreditLine(ctx, input));
  }

  @Transaction()
  @Returns('string')
  DrawCreditLine(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(creditLines.drawCreditLine(ctx, input));
  }

  @Transaction()
  @Returns('string')
  RepayCreditLine(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(creditLines.repayCreditLine(ctx, input));
  }

  @Transaction()
  @Returns('string')
  CloseCreditLine(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(creditLines.closeCreditLine(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  GetCreditLine(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(creditLines.getCreditLine(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  ListCreditLines(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(creditLines.listCreditLines(ctx, input));
  }
}
