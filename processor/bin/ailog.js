#!/usr/bin/env node
// The CLI runs the TypeScript sources directly through tsx: no build step between a clone and a run.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

// The workspace tsconfig, whatever the working directory: `ailog serve` loads the api, whose
// type-graphql decorators need its experimentalDecorators/emitDecoratorMetadata settings.
const tsconfig = fileURLToPath(new URL('../../tsconfig.json', import.meta.url));
register(existsSync(tsconfig) ? { tsconfig } : {});
await import('../src/cli/main.ts');
