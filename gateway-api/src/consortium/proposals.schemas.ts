import {
  CreateProposalInput,
  ListProposalsInput,
  ProposalRecord,
  ProposalStatus as ProposalStatuses,
  WithdrawProposalInput,
} from '@allianceledger/contract';
import { z } from 'zod';
import { pageOf, Paging } from '../common/pagination.schemas';

/** Consortium proposals over REST: the contract's inputs and records. */

export const ProposalStatus = z.enum(ProposalStatuses);
export const CreateProposalBody = CreateProposalInput;
export const Proposal = ProposalRecord;
export const ProposalPage = pageOf(ProposalRecord).meta({ id: 'ProposalPage' });
export const ProposalParams = z.strictObject({ proposalId: ProposalRecord.shape.proposalId });
export const WithdrawProposalBody = WithdrawProposalInput.omit({ proposalId: true });
export const ListProposalsQuery = z.strictObject({ status: ListProposalsInput.shape.status, ...Paging });
