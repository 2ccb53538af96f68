import {
  AccountRecord,
  AccountRefInput,
  AccountView,
  BalanceRefInput,
  BalanceView,
  Compaction as ChaincodeCompaction,
  IssueInput,
  ListAccountsInput,
  Movement as ChaincodeMovement,
  TransferInput,
} from '@allianceledger/contract';
import { z } from 'zod';
import { pageOf, Paging } from '../common/pagination.schemas';

/** Accounts, balances and money movements over REST: the contract's inputs and records. */

export const Balance = BalanceView;
export const Account = AccountRecord;
export const AccountWithBalances = AccountView;
export const AccountPage = pageOf(AccountRecord).meta({ id: 'AccountPage' });
export const Compaction = ChaincodeCompaction;
export const Movement = ChaincodeMovement;

export const OpenAccountBody = AccountRefInput;
export const IssuanceBody = IssueInput;
export const TransferBody = TransferInput;
export const AccountParams = z.strictObject({ accountId: AccountRefInput.shape.accountId });
export const BalanceParams = BalanceRefInput;
export const CompactionBody = BalanceRefInput.omit({ accountId: true });
export const ListAccountsQuery = z.strictObject({ owner: ListAccountsInput.shape.owner, ...Paging });
