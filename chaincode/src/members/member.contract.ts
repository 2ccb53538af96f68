import { Info, Returns, Transaction } from 'fabric-contract-api';
import { AllianceContract } from '../lib/alliance.contract';
import { AllianceContext } from '../lib/context';
import * as directory from './directory.service';
import * as members from './member.service';

/** The member registry (DOMAIN.md §1): identities of each org and their roles. */
@Info({ title: 'members', description: 'Member registry: identities of each consortium org and their roles' })
export class MembersContract extends AllianceContract {
  constructor() {
    super('members');
  }

  @Transaction()
  @Returns('string')
  RegisterMember(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(members.registerMember(ctx, input));
  }

  @Transaction()
  @Returns('string')
  ChangeMemberRoles(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(members.changeMemberRoles(ctx, input));
  }

  @Transaction()
  @Returns('string')
  SuspendMember(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(members.suspendMember(ctx, input));
  }

  @Transaction()
  @Returns('string')
  ReinstateMember(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(members.reinstateMember(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  GetMember(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(members.getMember(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  ListMembers(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(members.listMembers(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  WhoAmI(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(members.whoAmI(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  SearchDirectory(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(directory.searchDirectory(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  LookupParty(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(directory.lookupParty(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  HandlesOf(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(directory.handlesOf(ctx, input));
  }
}
