import {
  AddCreditRecordInput,
  CreditKindSchema,
  CreditRecord as ChaincodeCreditRecord,
  CreditReport as ChaincodeCreditReport,
  ListCreditListEntriesInput,
  ListCreditRecordsInput,
  ListEntry,
  Sha256HexAnyCase,
  SubjectRefInput,
} from '@allianceledger/contract';
import { z } from 'zod';
import { pageOf, Paging } from '../common/pagination.schemas';

/** Credit records, reports and lists over REST: the contract's inputs and records. */

export const CreditKind = CreditKindSchema;
export const CreditRecord = ChaincodeCreditRecord;
export const CreditRecordPage = pageOf(ChaincodeCreditRecord).meta({ id: 'CreditRecordPage' });
export const CreditListEntry = ListEntry;
export const CreditListPage = pageOf(ListEntry).meta({ id: 'CreditListPage' });
export const CreditReport = ChaincodeCreditReport;
export const AddCreditRecordBody = AddCreditRecordInput.extend({
  evidenceHash: Sha256HexAnyCase.describe('A hash registered through the evidence resources (hex, either case)'),
});
export const SubjectParams = SubjectRefInput;
export const ListCreditRecordsQuery = z.strictObject({ subject: ListCreditRecordsInput.shape.subject, ...Paging });
export const ListCreditListQuery = z.strictObject({ status: ListCreditListEntriesInput.shape.status, ...Paging });
