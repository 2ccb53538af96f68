/** Plumbing shared by the gRPC services: async unary handlers, stream writes with back-pressure, cancellation. */
import {
  status as GrpcStatus,
  type handleUnaryCall,
  type ServerErrorResponse,
  type ServerWritableStream,
  type ServerDuplexStream,
} from '@grpc/grpc-js';
import { LedgerClosedError } from '../errors';
import { RpcError } from './status-errors';

/**
 * Turns an async handler into a grpc-js unary handler; a thrown RpcError becomes the call's status. The
 * handler's signal aborts if the client cancels the call before it is answered.
 */
export function unary<Request, Response>(
  handler: (request: Request, signal: AbortSignal) => Promise<Response>,
): handleUnaryCall<Request, Response> {
  return (call, callback) => {
    const controller = new AbortController();
    const cancelled = (): void => {
      controller.abort(new RpcError(GrpcStatus.CANCELLED, 'call cancelled'));
    };
    call.once('cancelled', cancelled);
    handler(call.request, controller.signal).then(
      (response) => {
        call.off('cancelled', cancelled);
        callback(null, response);
      },
      (err: unknown) => {
        call.off('cancelled', cancelled);
        callback(toServiceError(err), null);
      },
    );
  };
}

/** The gRPC status of an error: an RpcError as it is, a closed devnet UNAVAILABLE, anything else UNKNOWN. */
export function toServiceError(err: unknown): ServerErrorResponse {
  if (err instanceof RpcError) return err;
  if (err instanceof LedgerClosedError) return new RpcError(GrpcStatus.UNAVAILABLE, err.message);
  return new RpcError(GrpcStatus.UNKNOWN, err instanceof Error ? err.message : String(err));
}

type WritableCall<T> = ServerWritableStream<unknown, T> | ServerDuplexStream<unknown, T>;

/** Writes one message, waiting for the client to drain the stream when its buffer is full. */
export async function writeMessage<T>(call: WritableCall<T>, message: T, signal: AbortSignal): Promise<void> {
  if (call.write(message) || signal.aborted) return;
  await new Promise<void>((resolve) => {
    const done = (): void => {
      call.off('drain', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    call.on('drain', done);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** An AbortSignal that aborts when the client cancels the call or the stream closes. */
export function cancellation(call: { on(event: 'cancelled' | 'close', listener: () => void): unknown }): AbortSignal {
  const controller = new AbortController();
  const abort = (): void => {
    controller.abort(new RpcError(GrpcStatus.CANCELLED, 'call cancelled'));
  };
  call.on('cancelled', abort);
  call.on('close', abort);
  return controller.signal;
}
