import { describe, expect, it } from 'vitest';
import { clientNetworkOf } from './client-network.ts';

describe('clientNetworkOf', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['::FFFF:198.51.100.1', '198.51.100.1'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:0DB8:0001:0002:ffff:ffff:ffff:ffff', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['2001:db8:0:0:1::', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['::', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['64:ff9b::192.0.2.33', '64:ff9b:0:0::/64'],
    ['1:2:3:4:5:6:192.0.2.33', '1:2:3:4::/64'],
  ])('%s counts as %s', (ip, network) => {
    expect(clientNetworkOf(ip)).toBe(network);
  });

  it('gives every address of one /64 one bucket, and the next /64 another', () => {
    const a = clientNetworkOf('2001:db8:aa:bb::1');
    expect(clientNetworkOf('2001:db8:aa:bb:ffff:1234:5678:9abc')).toBe(a);
    expect(clientNetworkOf('2001:db8:aa:bc::1')).not.toBe(a);
  });
});
