import { BadInputError } from '@ailog/processor';
import type { z } from 'zod';

/** Parses service input; every problem is reported at once as one BadInputError. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`);
  throw new BadInputError(`invalid input: ${issues.join('; ')}`, 'api', { issues });
}
