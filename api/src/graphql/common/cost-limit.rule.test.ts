import { buildSchema, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { costLimitRule } from './cost-limit.rule.js';

const schema = buildSchema(`
  type Log { id: ID! message: String! tags: [Tag!]! }
  type Tag { name: String! }
  type LogConnection { items: [Log!]! total: Int! }
  type Query {
    logs(first: Int = 50): LogConnection!
    recent: [Log!]!
    log(id: ID!): Log
  }
`);

function costErrors(query: string, maxCost: number, variables?: Record<string, unknown>): Array<{ message: string; code: unknown; cost: unknown }> {
  const errors = validate(schema, parse(query), [costLimitRule({ maxCost, defaultListSize: 10, maxListSize: 1000, variables })]);
  return errors.map((e) => ({ message: e.message, code: e.extensions.code, cost: e.extensions.cost }));
}

const costOf = (query: string, variables?: Record<string, unknown>): number => Number(costErrors(query, 0, variables)[0]?.cost ?? 0);

describe('costLimitRule', () => {
  it('multiplies selections by first, without counting the connection items twice', () => {
    expect(costOf('{ logs(first: 10) { items { id message } } }')).toBe(1 + 10 * (1 + 2));
    expect(costOf('{ logs { items { id } total } }')).toBe(1 + 50 * (1 + 1 + 1)); // the schema default
    expect(costOf('{ recent { id tags { name } } }')).toBe(1 + 10 * (1 + 1 + 10 * 1)); // unsized lists
    expect(costOf('{ log(id: 1) { id } }')).toBe(2);
  });

  it('assumes the page cap for a size variable without default, the default otherwise', () => {
    expect(costOf('query($n: Int) { logs(first: $n) { items { id } } }')).toBe(1 + 1000 * 2);
    expect(costOf('query($n: Int = 5) { logs(first: $n) { items { id } } }')).toBe(1 + 5 * 2);
  });

  it('costs a size variable at the value sent when the variables are known, not at its default', () => {
    const query = 'query($n: Int = 1) { a0: logs(first: $n) { items { id } } a1: logs(first: $n) { items { id } } }';
    expect(costOf(query)).toBe(2 * (1 + 1 * 2));
    expect(costOf(query, { n: 1000 })).toBe(2 * (1 + 1000 * 2));
    expect(costOf('query($n: Int) { logs(first: $n) { items { id } } }', { n: 7 })).toBe(1 + 7 * 2);
    // a literal is unaffected by variables; a value that is not a number falls back to the default
    expect(costOf('{ logs(first: 3) { items { id } } }', { n: 1000 })).toBe(1 + 3 * 2);
    expect(costOf('query($n: Int = 5) { logs(first: $n) { items { id } } }', { n: 'x' })).toBe(1 + 5 * 2);
  });

  it('follows fragments and leaves introspection free', () => {
    expect(costOf('{ logs(first: 3) { ...F } } fragment F on LogConnection { items { id } }')).toBe(1 + 3 * 2);
    expect(costErrors('{ __schema { types { fields { name } } } }', 1)).toEqual([]);
  });

  it('reports QUERY_TOO_COSTLY over the limit only', () => {
    expect(costErrors('{ logs(first: 10) { items { id } } }', 21)).toEqual([]);
    const [error] = costErrors('{ logs(first: 10) { items { id message } } }', 30);
    expect(error).toEqual({ message: 'query cost 31 exceeds the limit of 30; ask for smaller pages or fewer nested lists', code: 'QUERY_TOO_COSTLY', cost: 31 });
  });
});
