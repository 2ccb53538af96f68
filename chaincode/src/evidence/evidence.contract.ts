import { Info, Returns, Transaction } from 'fabric-contract-api';
import { AllianceContract } from '../lib/alliance.contract';
import { AllianceContext } from '../lib/context';
import * as evidence from './evidence.service';

/**
 * Evidence hashes (DOMAIN.md §5): document digests registered one by one or anchored in Merkle
 * batches, verified by hash; the documents themselves stay off chain.
 */
@Info({ title: 'evidence', description: 'Evidence hashes: register, anchor Merkle batches, verify' })
export class EvidenceContract extends AllianceContract {
  constructor() {
    super('evidence');
  }

  @Transaction()
  @Returns('string')
  RegisterEvidence(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(evidence.registerEvidence(ctx, input));
  }

  @Transaction()
  @Returns('string')
  AnchorBatch(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(evidence.anchorBatch(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  VerifyEvidence(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(evidence.verifyEvidence(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  GetEvidence(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(evidence.getEvidence(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  GetEvidenceProof(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(evidence.getEvidenceProof(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  GetBatch(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(evidence.getBatch(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  ListEvidence(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(evidence.listEvidence(ctx, input));
  }

  @Transaction(false)
  @Returns('string')
  ListAllEvidence(ctx: AllianceContext, input: string): Promise<string> {
    return this.reply(evidence.listAllEvidence(ctx, input));
  }
}
