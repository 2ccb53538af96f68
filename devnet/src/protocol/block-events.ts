/**
 * What a peer's event services derive from a committed block: the chaincode events of its valid
 * transactions (the gateway's ChaincodeEvents, internal/pkg/gateway/event) and the filtered block
 * (DeliverFiltered, core/peer/deliverevents.go).
 */
import { common, peer } from '@hyperledger/fabric-protos';
import { getTransactionsFilter } from './block';
import { TxValidationCode } from './codes';

/** The chaincode event of one transaction action, or undefined when the action carries none. */
function actionEvent(action: peer.TransactionAction): peer.ChaincodeEvent | undefined {
  const actionPayload = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8());
  const endorsed = actionPayload.getAction();
  if (!endorsed) return undefined;
  const responsePayload = peer.ProposalResponsePayload.deserializeBinary(endorsed.getProposalResponsePayload_asU8());
  const chaincodeAction = peer.ChaincodeAction.deserializeBinary(responsePayload.getExtension_asU8());
  const events = chaincodeAction.getEvents_asU8();
  return events.byteLength > 0 ? peer.ChaincodeEvent.deserializeBinary(events) : new peer.ChaincodeEvent();
}

interface BlockTransaction {
  readonly channelHeader: common.ChannelHeader;
  readonly actions: readonly peer.TransactionAction[];
  readonly code: number;
}

function transactionsOf(block: common.Block): BlockTransaction[] {
  const filter = getTransactionsFilter(block);
  const out: BlockTransaction[] = [];
  for (const [index, bytes] of (block.getData()?.getDataList_asU8() ?? []).entries()) {
    const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(bytes).getPayload_asU8());
    const header = payload.getHeader();
    if (!header) continue;
    const channelHeader = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
    const actions =
      channelHeader.getType() === common.HeaderType.ENDORSER_TRANSACTION
        ? peer.Transaction.deserializeBinary(payload.getData_asU8()).getActionsList()
        : [];
    out.push({ channelHeader, actions, code: filter[index] ?? TxValidationCode.INVALID_OTHER_REASON });
  }
  return out;
}

/**
 * The chaincode events of a block's valid endorser transactions, in block order, of every chaincode;
 * events missing a chaincode id, name or transaction id are skipped, as Fabric's gateway skips them.
 */
export function chaincodeEventsOfBlock(block: common.Block): peer.ChaincodeEvent[] {
  const events: peer.ChaincodeEvent[] = [];
  for (const tx of transactionsOf(block)) {
    if (tx.code !== TxValidationCode.VALID) continue;
    for (const action of tx.actions) {
      let event: peer.ChaincodeEvent | undefined;
      try {
        event = actionEvent(action);
      } catch {
        continue;
      }
      if (event && event.getChaincodeId() !== '' && event.getEventName() !== '' && event.getTxId() !== '') {
        events.push(event);
      }
    }
  }
  return events;
}

/** The block as DeliverFiltered sends it: per transaction its id, type, code and chaincode events without payload. */
export function filteredBlockOf(block: common.Block): peer.FilteredBlock {
  const result = new peer.FilteredBlock();
  result.setNumber(block.getHeader()?.getNumber() ?? 0);
  for (const tx of transactionsOf(block)) {
    result.setChannelId(tx.channelHeader.getChannelId());
    const filtered = new peer.FilteredTransaction();
    filtered.setTxid(tx.channelHeader.getTxId());
    filtered.setType(tx.channelHeader.getType() as common.HeaderTypeMap[keyof common.HeaderTypeMap]);
    filtered.setTxValidationCode(tx.code as peer.TxValidationCodeMap[keyof peer.TxValidationCodeMap]);
    if (tx.channelHeader.getType() === common.HeaderType.ENDORSER_TRANSACTION) {
      const actions = new peer.FilteredTransactionActions();
      for (const action of tx.actions) {
        const event = actionEvent(action);
        if (!event || event.getChaincodeId() === '') continue;
        const stripped = new peer.ChaincodeEvent();
        stripped.setTxId(event.getTxId());
        stripped.setChaincodeId(event.getChaincodeId());
        stripped.setEventName(event.getEventName());
        const filteredAction = new peer.FilteredChaincodeAction();
        filteredAction.setChaincodeEvent(stripped);
        actions.addChaincodeActions(filteredAction);
      }
      filtered.setTransactionActions(actions);
    }
    result.addFilteredTransactions(filtered);
  }
  return result;
}
