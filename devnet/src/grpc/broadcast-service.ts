/**
 * The orderer's AtomicBroadcast service over devnet's ordering: Broadcast answers each signed envelope
 * with a BroadcastResponse (SUCCESS once queued for a block, or why not), as Fabric's broadcast handler;
 * Deliver serves blocks as the peer's Deliver does.
 */
import type { ServerDuplexStream, ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';
import { common, orderer } from '@hyperledger/fabric-protos';
import type { Devnet } from '../devnet';
import { rawResponses, type DeliverService } from './deliver-service';
import { cancellation, toServiceError, writeMessage } from './handlers';

type BroadcastCall = ServerDuplexStream<common.Envelope, orderer.BroadcastResponse>;

/** The orderer's orderer.AtomicBroadcast service definition, with Deliver's responses written as bytes. */
export const ATOMIC_BROADCAST_SERVICE: ServiceDefinition = {
  broadcast: orderer.AtomicBroadcastService.broadcast,
  deliver: rawResponses(orderer.AtomicBroadcastService.deliver),
};

export class BroadcastService {
  readonly #devnet: Devnet;
  readonly #deliver: DeliverService;

  constructor(options: Readonly<{ devnet: Devnet; deliver: DeliverService }>) {
    this.#devnet = options.devnet;
    this.#deliver = options.deliver;
  }

  /** Handlers for {@link ATOMIC_BROADCAST_SERVICE}. */
  implementation(): UntypedServiceImplementation {
    return {
      broadcast: (call: BroadcastCall) => {
        this.#broadcast(call).catch((err: unknown) => {
          call.emit('error', toServiceError(err));
        });
      },
      deliver: this.#deliver.ordererHandler(),
    };
  }

  async #broadcast(call: BroadcastCall): Promise<void> {
    const signal = cancellation(call);
    for await (const envelope of call as AsyncIterable<common.Envelope>) {
      const response = new orderer.BroadcastResponse();
      try {
        const result = await this.#devnet.broadcast(envelope.serializeBinary());
        response.setStatus(result.status as common.StatusMap[keyof common.StatusMap]);
        response.setInfo(result.info);
      } catch (err) {
        response.setStatus(common.Status.SERVICE_UNAVAILABLE);
        response.setInfo(err instanceof Error ? err.message : String(err));
      }
      await writeMessage(call, response, signal);
    }
    call.end();
  }
}
