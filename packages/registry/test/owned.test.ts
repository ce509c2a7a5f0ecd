import { createRegistry, TRACKED_HANDLE_KEY, untrackOwned } from '../src';
import { fakeInstance } from './fixtures';

describe('untrackOwned', () => {
  it('untracks an owned object that is itself tracked', () => {
    const registry = createRegistry();
    const owned = fakeInstance();
    registry.track(owned);
    expect(untrackOwned(registry, owned)).toBe(true);
    expect(registry.has(owned)).toBe(false);
  });

  it('untracks the handle an owned object exposes at TRACKED_HANDLE_KEY', () => {
    const registry = createRegistry();
    const handle = fakeInstance();
    registry.track(handle);
    const socket = { [TRACKED_HANDLE_KEY]: handle };
    expect(TRACKED_HANDLE_KEY).toBe(Symbol.for('ws-isolation.tracked-handle/v1'));
    expect(untrackOwned(registry, socket)).toBe(true);
    expect(registry.size).toBe(0);
  });

  it('leaves everything else tracked and says nothing was untracked', () => {
    const registry = createRegistry();
    const other = fakeInstance();
    registry.track(other);
    expect(untrackOwned(registry, {})).toBe(false);
    expect(registry.has(other)).toBe(true);
  });
});
