import type { ServiceDef } from '../catalog.js';
import { authService } from './auth.service.js';
import { databaseService } from './database.service.js';
import { gatewayService } from './gateway.service.js';
import { inventoryService, ordersService } from './java.service.js';
import { paymentsService } from './payments.service.js';
import { schedulerService, workerService } from './syslog.service.js';

/** The synthetic shop: every service the generator simulates, in a fixed order (part of determinism). */
export const SERVICES: readonly ServiceDef[] = [gatewayService, authService, paymentsService, databaseService, ordersService, inventoryService, schedulerService, workerService];
