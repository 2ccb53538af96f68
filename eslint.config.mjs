// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

/** Determinism rules for chaincode: every peer must compute the same read/write set. */
const chaincodeDeterminism = {
  'no-restricted-globals': [
    'error',
    { name: 'process', message: 'Chaincode must not read the environment.' },
    { name: 'setTimeout', message: 'Chaincode must not schedule work.' },
    { name: 'setInterval', message: 'Chaincode must not schedule work.' },
    { name: 'parseFloat', message: 'Money is never floating point: use the amount parser.' },
    { name: 'console', message: 'Chaincode logs through ctx.logging, never console.' },
  ],
  'no-restricted-properties': [
    'error',
    {
      object: 'Date',
      property: 'now',
      message: 'Time comes from the transaction timestamp (ctx.stub.getTxTimestamp()).',
    },
    { object: 'Math', property: 'random', message: 'Randomness breaks endorsement: every peer must agree.' },
    { object: 'Number', property: 'parseFloat', message: 'Money is never floating point.' },
    { object: 'process', property: 'env', message: 'Chaincode must not read the environment.' },
  ],
  'no-restricted-syntax': [
    'error',
    {
      selector: "NewExpression[callee.name='Date'][arguments.length=0]",
      message: 'new Date() reads the clock: use the transaction timestamp.',
    },
  ],
  'no-restricted-imports': [
    'error',
    {
      paths: ['fs', 'fs/promises', 'net', 'http', 'https', 'http2', 'dgram', 'child_process', 'os'].flatMap((name) => [
        { name, message: 'Chaincode performs no I/O outside the ledger.' },
        { name: `node:${name}`, message: 'Chaincode performs no I/O outside the ledger.' },
      ]),
    },
  ],
};

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/coverage/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  eslint.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/explicit-function-return-type': ['error', { allowExpressions: true }],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Long branchy functions hide rules: split them into named steps. (devnet, the development ledger,
    // and the protocol servers it emulates are not held to it yet.)
    files: ['contract/src/**/*.ts', 'chaincode/src/**/*.ts', 'gateway-api/src/**/*.ts'],
    rules: { complexity: ['error', 12] },
  },
  {
    // Test code, the differential test's tooling (its generator and runner are decision tables), and
    // the benchmarks (scripts that drive a ledger and print figures, never deployed).
    files: [
      '**/*.test.ts',
      '**/bench/**/*.ts',
      '**/*.fabric-test.ts',
      '**/test/**/*.ts',
      '**/fabric-suite/**/*.ts',
      'gateway-api/src/conformance/**/*.ts',
    ],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/explicit-function-return-type': 'off',
      complexity: 'off',
    },
  },
  {
    files: ['chaincode/src/**/*.ts'],
    ignores: ['chaincode/src/**/*.test.ts', 'chaincode/src/test/**', 'chaincode/src/bench/**'],
    rules: chaincodeDeterminism,
  },
  prettier,
);
