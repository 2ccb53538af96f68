/**
 * The channel access checks of Fabric's default ACL provider (a channel without an ACL section, as
 * AllianceLedger's), over devnet's membership: `gateway/CommitStatus`, `gateway/ChaincodeEvents`,
 * `event/Block` and `event/FilteredBlock` all map to /Channel/Application/Readers.
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import type { Devnet, SignedData } from '../devnet';
import { RpcError } from './status-errors';

const READERS = '/Channel/Application/Readers';

/**
 * Why the signed data fails the channel's Readers policy, in Fabric's words (core/policy), or undefined
 * when it passes.
 */
export async function readersRefusal(
  devnet: Devnet,
  channelId: string,
  signed: SignedData,
): Promise<string | undefined> {
  if (channelId !== devnet.channelName) return `Failed to get policy manager for channel [${channelId}]`;
  if (await devnet.isChannelMember(signed)) return undefined;
  return (
    `Failed evaluating policy on signed data during check policy on channel [${channelId}] with policy [${READERS}]: ` +
    "[implicit policy evaluation failed - 0 sub-policies were satisfied, but this policy requires 1 of the 'Readers' sub-policies to be satisfied]"
  );
}

/** The gateway's ACL check: PERMISSION_DENIED with the policy's message when the signed data is not a reader's. */
export async function checkReaders(devnet: Devnet, channelId: string, signed: SignedData): Promise<void> {
  const refusal = await readersRefusal(devnet, channelId, signed);
  if (refusal !== undefined) throw new RpcError(GrpcStatus.PERMISSION_DENIED, refusal);
}
