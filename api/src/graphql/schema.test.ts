import { createRequire } from 'node:module';
import type * as GraphQL from 'graphql';
import { describe, expect, it } from 'vitest';
import { buildApiSchema } from './schema.js';

// type-graphql loads graphql's CommonJS build while vitest would hand this file the ESM one, and
// graphql refuses objects from "another realm": print with the same copy type-graphql used.
const { printSchema } = createRequire(import.meta.url)('graphql') as typeof GraphQL;

describe('GraphQL schema', () => {
  // A change to the public contract shows up as a diff of this file in review.
  it('matches the committed snapshot', async () => {
    await expect(printSchema(await buildApiSchema())).toMatchFileSnapshot('./__snapshots__/schema.graphql');
  });
});
