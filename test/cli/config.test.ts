import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config.js';

describe('Server configuration', () => {
  it('keeps the compact heap on unless COMPACT_HEAP turns it off, and refuses a malformed value', () => {
    assert.equal(loadConfig({}).compactHeap, true);
    assert.equal(loadConfig({ COMPACT_HEAP: 'on' }).compactHeap, true);
    assert.equal(loadConfig({ COMPACT_HEAP: '0' }).compactHeap, false);
    assert.equal(loadConfig({ COMPACT_HEAP: 'off' }).compactHeap, false);
    assert.throws(() => loadConfig({ COMPACT_HEAP: 'small' }), /COMPACT_HEAP must be on or off/);
  });
});
