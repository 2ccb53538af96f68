import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const DIST = path.resolve(__dirname, '../dist');

/**
 * What loading an entry of the built package requires, as `[from, request]` pairs (fabric-gateway's
 * dependency test, in a fresh process so nothing Jest loaded counts).
 */
async function requiresOf(entry: string): Promise<[string, string][]> {
  const script = `
    const Module = require('node:module');
    const seen = [];
    const load = Module._load;
    Module._load = function (request, parent, isMain) {
      seen.push([parent ? parent.filename : '', request]);
      return load.apply(this, arguments);
    };
    require(${JSON.stringify(path.join(DIST, entry))});
    process.stdout.write(JSON.stringify(seen));`;
  const { stdout } = await run(process.execPath, ['-e', script]);
  return JSON.parse(stdout) as [string, string][];
}

const ownModule = (from: string): boolean => from.startsWith(DIST + path.sep);
const external = (request: string): boolean => !request.startsWith('.');

describe('the package graph: what each entry of @allianceledger/client loads', () => {
  it('the main entry runs in a browser: its modules require no Node built-in, and nothing but @noble/curves', async () => {
    const requests = (await requiresOf('index.js')).filter(([from, request]) => ownModule(from) && external(request));
    expect([...new Set(requests.map(([, request]) => request))]).toEqual(['@noble/curves/nist']);
  });

  it('loads no gateway, ledger or Fabric package, nor @peculiar/x509 until an enrolment needs it', async () => {
    const all = (await requiresOf('node.js')).map(([, request]) => request);
    const forbidden = all.filter((request) =>
      /^(@allianceledger\/|@hyperledger\/|@grpc\/|express|@peculiar\/|reflect-metadata|openapi-typescript)/.test(
        request,
      ),
    );
    expect(forbidden).toEqual([]);
  });

  it('the node entry adds only Node built-ins', async () => {
    const requests = (await requiresOf('node.js')).filter(([from, request]) => ownModule(from) && external(request));
    for (const request of new Set(requests.map(([, r]) => r))) {
      expect(request).toMatch(/^(node:[a-z/]+|@noble\/curves\/nist)$/);
    }
  });
});
