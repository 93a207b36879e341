import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261124192538_initial } from './20261124192538-initial.migration.js';
import { Migration20261124220001_llm_explanations } from './20261124220001-llm-explanations.migration.js';
import { Migration20261124220002_feedback } from './20261124220002-feedback.migration.js';
import { Migration20261124220100_cluster_members } from './20261124220100-cluster-members.migration.js';

/** Every migration, oldest first. Append each newly generated migration here (name = class name). */
export const migrationsList: readonly MigrationObject[] = [
  { name: 'Migration20261124192538_initial', class: Migration20261124192538_initial },
  { name: 'Migration20261124220001_llm_explanations', class: Migration20261124220001_llm_explanations },
  { name: 'Migration20261124220002_feedback', class: Migration20261124220002_feedback },
  { name: 'Migration20261124220100_cluster_members', class: Migration20261124220100_cluster_members },
];
