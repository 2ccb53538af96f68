import { Role } from '@allianceledger/contract';
import { grant, type Grant } from '../lib/auth';
import type { PartyId } from '../lib/party';

/**
 * The bank a holder asked to finance a receivable or fund a pledge, as grants: that bank only, and none
 * before anyone is asked — so until then no bank reads the record or acts on it, and a bank's refusal
 * (FORBIDDEN) tells it nothing of the record's state.
 */
export function bankAsked(bank: PartyId | undefined): Grant[] {
  return bank === undefined ? [] : [grant.role(Role.BANK, { party: bank })];
}
