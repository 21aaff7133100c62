/**
 * Snapshot serializer: asset hashes change with every handler edit and would make any snapshot
 * drift for reasons unrelated to the construct under test.
 */
const ASSET_HASH = /[0-9a-f]{64}(\.zip)?/;

expect.addSnapshotSerializer({
  test: (val: unknown) => typeof val === 'string' && ASSET_HASH.test(val),
  serialize: (val: string) => JSON.stringify(val.replace(new RegExp(ASSET_HASH, 'g'), (m) => (m.endsWith('.zip') ? '[HASH].zip' : '[HASH]'))),
});
