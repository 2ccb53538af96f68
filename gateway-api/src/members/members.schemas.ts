import {
  ChangeMemberRolesInput,
  DirectoryEntry as ChaincodeDirectoryEntry,
  LookupPartyInput,
  SearchDirectoryInput,
  GetMemberInput,
  ListMembersInput,
  MemberRecord,
  MemberStatusChangeInput,
  RegisterMemberInput,
  WhoAmI as ChaincodeWhoAmI,
} from '@allianceledger/contract';
import { z } from 'zod';
import { pageOf, Paging } from '../common/pagination.schemas';

/**
 * The member registry over REST: every rule is the contract's (`@allianceledger/contract`); the path
 * carries the member, the body the rest of the chaincode input.
 */

export const Member = MemberRecord;
export const MemberPage = pageOf(MemberRecord).meta({ id: 'MemberPage' });
export const WhoAmI = ChaincodeWhoAmI;

export const RegisterMemberBody = RegisterMemberInput;
export const MemberRolesBody = ChangeMemberRolesInput.omit({ member: true });
export const MemberStatusChangeBody = MemberStatusChangeInput.omit({ member: true });
export const MemberParams = GetMemberInput;
export const ListMembersQuery = z.strictObject({ mspId: ListMembersInput.shape.mspId, ...Paging });

export const DirectoryEntry = ChaincodeDirectoryEntry;
export const DirectoryPage = pageOf(ChaincodeDirectoryEntry).meta({ id: 'DirectoryPage' });
export const SearchDirectoryQuery = z.strictObject({
  role: SearchDirectoryInput.shape.role,
  mspId: SearchDirectoryInput.shape.mspId,
  q: SearchDirectoryInput.shape.q,
  ...Paging,
});
export const DirectoryParams = LookupPartyInput;
