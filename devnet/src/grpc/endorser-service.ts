/**
 * The peer's Endorser service (protos.Endorser/ProcessProposal), what the `peer chaincode query|invoke` CLI
 * and SDKs without the gateway call. As Fabric's endorser: a proposal refused before simulation (malformed,
 * not valid, duplicate) is a gRPC error; anything later is a ProposalResponse with its status.
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import type { peer } from '@hyperledger/fabric-protos';
import type { Devnet } from '../devnet';
import { unary } from './handlers';
import { RpcError } from './status-errors';

export class EndorserService {
  readonly #devnet: Devnet;

  constructor(options: Readonly<{ devnet: Devnet }>) {
    this.#devnet = options.devnet;
  }

  implementation(): peer.IEndorserServer {
    return {
      processProposal: unary((signedProposal: peer.SignedProposal) => this.#processProposal(signedProposal)),
    };
  }

  async #processProposal(signedProposal: peer.SignedProposal): Promise<peer.ProposalResponse> {
    const outcome = await this.#devnet.processProposal(signedProposal);
    if (!outcome.failure) return outcome.endorsement.response;
    // Go's gRPC sends a plain error returned by a handler as UNKNOWN with its text.
    if (outcome.failure.kind === 'refused') throw new RpcError(GrpcStatus.UNKNOWN, outcome.failure.message);
    return outcome.failure.response;
  }
}
