import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261124192538_initial } from './20261124192538-initial.migration.js';

/** Every migration, oldest first. Append each newly generated migration here (name = class name). */
export const migrationsList: readonly MigrationObject[] = [
  { name: 'Migration20261124192538_initial', class: Migration20261124192538_initial },
];
