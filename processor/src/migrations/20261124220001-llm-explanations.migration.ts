/* eslint-disable @typescript-eslint/require-await -- same shape as the MikroORM-generated migrations */
import { Migration } from '@mikro-orm/migrations';

export class Migration20261124220001_llm_explanations extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "llm_explanations" ("template_key" text not null, "signal" text not null, "explanation" jsonb not null, "verdict" text null, "confidence" real null, "model" text not null, "hits" int not null default 0, "created_at" timestamptz not null default now(), constraint "llm_explanations_pkey" primary key ("template_key", "signal"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "llm_explanations" cascade;`);
  }

}
