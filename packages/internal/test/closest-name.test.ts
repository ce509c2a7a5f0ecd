import { closestName } from '../src/closest-name';

const CONNECTION = ['url', 'reconnect', 'clientId', 'closeTimeoutMs', 'maxQueuedMessages', 'timeoutMs'];

describe('closestName', () => {
  it.each<[string, string]>([
    ['reconect', 'reconnect'],
    ['timeoutMS', 'timeoutMs'],
    ['clientID', 'clientId'],
    ['closeTimeoutMS', 'closeTimeoutMs'],
    ['maxQueuedMessage', 'maxQueuedMessages'],
    ['uri', 'url'],
  ])('finds %s -> %s', (typo, meant) => {
    expect(closestName(typo, CONNECTION)).toBe(meant);
  });

  it.each(['foo', '__proto__', 'toString', 'somethingElseEntirely', ''])('finds nothing close to %j', (name) => {
    expect(closestName(name, CONNECTION)).toBeUndefined();
  });

  it('prefers the nearest of two candidates', () => {
    expect(closestName('reconnectX', ['reconnectXYZ', 'reconnect'])).toBe('reconnect');
  });
});
