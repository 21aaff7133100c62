import { readFileSync } from 'fs';
import { join } from 'path';
import { capacityTable } from '../../src/multi-az-service/capacity';

test('the capacity table in docs/multi-az-service.md is the one capacity.ts computes', () => {
  const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'multi-az-service.md'), 'utf8');
  const table = /<!-- capacity-table:start -->\n([\s\S]*?)\n<!-- capacity-table:end -->/.exec(doc);
  expect(table).not.toBeNull();
  expect(table![1]).toBe(capacityTable([2, 3, 4, 5, 6], [1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20]));
});
