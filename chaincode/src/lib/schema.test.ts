import { ChaincodeError } from './errors';
import { declareSchemaVersion, readStored, schemaVersionOf, stamp, storedVersion } from './schema';

describe('schema versions of stored records', () => {
  it('writes a type without upgrades as version 1, and reads a record without a version as version 1', () => {
    expect(schemaVersionOf('gadget')).toBe(1);
    expect(stamp('gadget', { id: 'g1' })).toEqual({ id: 'g1', schemaVersion: 1 });
    expect(storedVersion({ id: 'g1' })).toBe(1);
    expect(readStored('gadget', { id: 'g1' })).toEqual({ id: 'g1' });
    expect(readStored('gadget', { id: 'g1', schemaVersion: 1 })).toEqual({ id: 'g1' });
  });

  it('upgrades every older version in turn, and writes the current one', () => {
    expect(declareSchemaVersion('widget', (w) => ({ ...w, colour: 'grey' }))).toBe(2);
    expect(declareSchemaVersion('widget', ({ colour, ...w }) => ({ ...w, colours: [colour] }))).toBe(3);
    expect(schemaVersionOf('widget')).toBe(3);
    expect(stamp('widget', { id: 'w', colours: ['red'] })).toEqual({ id: 'w', colours: ['red'], schemaVersion: 3 });
    // Written before versions existed (no field), by version 1, by version 2, by version 3.
    expect(readStored('widget', { id: 'w' })).toEqual({ id: 'w', colours: ['grey'] });
    expect(readStored('widget', { id: 'w', schemaVersion: 1 })).toEqual({ id: 'w', colours: ['grey'] });
    expect(readStored('widget', { id: 'w', colour: 'red', schemaVersion: 2 })).toEqual({ id: 'w', colours: ['red'] });
    expect(readStored('widget', { id: 'w', colours: ['blue'], schemaVersion: 3 })).toEqual({
      id: 'w',
      colours: ['blue'],
    });
  });

  it('refuses a record a newer chaincode version wrote, naming both versions', () => {
    let caught: unknown;
    try {
      readStored('gizmo', { id: 'z', schemaVersion: 2 });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ChaincodeError);
    expect(caught).toMatchObject({
      code: 'ILLEGAL_STATE',
      details: { entity: 'gizmo', schemaVersion: 2, supported: 1 },
    });
  });

  it('treats a malformed version field as version 1', () => {
    expect(storedVersion({ schemaVersion: 'two' })).toBe(1);
    expect(storedVersion({ schemaVersion: 0 })).toBe(1);
    expect(storedVersion({ schemaVersion: 1.5 })).toBe(1);
  });
});
