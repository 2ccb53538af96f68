/**
 * `@allianceledger/client/node`: what only Node can do — PEM keys read with `crypto.createPrivateKey`, keys
 * and secrets written to files with mode 0600. Everything else is in the main entry, which runs in
 * browsers too.
 */
export { loadPemSigner, newPemSigner } from './node/pem-signer';
export {
  enrollToFiles,
  keyPairFromPem,
  privateKeyToPem,
  writeSecretFile,
  type EnrolledFiles,
  type EnrollToFilesOptions,
} from './node/key-files';
