import type { TransactionService } from '../transactions/transaction-service';
import { HandleLabeler, type ResponseSchema } from './party-handles';

const principal = { id: 'key:1', identity: 'EcommerceMSP:buyer1' };
const STORE =
  'EcommerceMSP::x509::/C=US/ST=California/L=San Francisco/OU=client/CN=store1@ecommerce.example.com::' +
  '/C=US/ST=California/L=San Francisco/O=ecommerce.example.com/CN=ca.ecommerce.example.com';

/** A labeler whose directory knows one party, and the calls it made to the chaincode. */
function labeler(): { labeler: HandleLabeler; calls: unknown[] } {
  const calls: unknown[] = [];
  const transactions = {
    evaluate: (_principal: unknown, call: { input: { parties: string[] } }) => {
      calls.push(call.input);
      return Promise.resolve({
        items: call.input.parties.map((party) => ({ party, handle: party === STORE ? 'EcommerceMSP:store1' : null })),
      });
    },
  } as unknown as TransactionService;
  return { labeler: new HandleLabeler({ transactions }), calls };
}

describe('HandleLabeler', () => {
  it('adds the handle beside a party id its schema types as one', async () => {
    const { labeler: l, calls } = labeler();
    const schema: ResponseSchema = {
      schema: { type: 'object', properties: { owner: { $ref: '#/$defs/PartyId' }, note: { type: 'string' } } },
      defs: { PartyId: { type: 'string' } },
    };
    expect(await l.label(principal, schema, { owner: STORE, note: STORE })).toEqual({
      owner: STORE,
      ownerHandle: 'EcommerceMSP:store1',
      note: STORE,
    });
    expect(calls).toEqual([{ parties: [STORE] }]);
  });

  it('answers a response whose schema names no party id as it is, asking nothing', async () => {
    const { labeler: l, calls } = labeler();
    const schema: ResponseSchema = {
      schema: { type: 'object', properties: { accountId: { type: 'string' }, available: { $ref: '#/$defs/Amount' } } },
      defs: { Amount: { type: 'string' } },
    };
    const value = { accountId: STORE, available: '5' };
    expect(await l.label(principal, schema, value)).toBe(value);
    expect(calls).toEqual([]);
  });
});
