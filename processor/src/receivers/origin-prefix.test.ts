import { describe, expect, it } from 'vitest';
import { OriginPrefixDetector, serviceOfOrigin, splitOriginPrefix } from './origin-prefix.js';

describe('splitOriginPrefix', () => {
  it('splits docker compose style prefixes', () => {
    expect(splitOriginPrefix('payments-1  | {"msg":"charge created"}')).toEqual({ origin: 'payments-1', rest: '{"msg":"charge created"}' });
    expect(splitOriginPrefix('db | \tat org.Foo.bar(Foo.java:1)')?.rest).toBe('\tat org.Foo.bar(Foo.java:1)');
  });

  it('leaves level separators, timestamps and pipe-delimited records alone', () => {
    expect(splitOriginPrefix('INFO  | request served')).toBeNull();
    expect(splitOriginPrefix('2024-01-01 | INFO | x')).toBeNull();
    expect(splitOriginPrefix('20171223-22:15:29:606|Step_LSC|30002312|onStandStepChanged 3579')).toBeNull();
  });

  it('maps replica names to the service', () => {
    expect(serviceOfOrigin('payments-2')).toBe('payments');
    expect(serviceOfOrigin('api_gateway')).toBe('api_gateway');
  });
});

describe('OriginPrefixDetector', () => {
  it('switches on for a merged stream and stays off for a stream with a stray pipe', () => {
    const merged = new OriginPrefixDetector(5);
    const mergedAnswers = ['a | x', 'b | y', 'a | z', 'c | w', 'a | v', 'plain line'].map((l) => merged.observe(l));
    expect(mergedAnswers.slice(-2)).toEqual([true, true]);

    const plain = new OriginPrefixDetector(5);
    const plainAnswers = ['started', 'cmd | grep foo failed', 'ok', 'ok', 'ok', 'x | y'].map((l) => plain.observe(l));
    expect(plainAnswers).toEqual([false, false, false, false, false, false]);
  });
});
