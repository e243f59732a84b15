import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module.js';
import { BundlesModule } from '../bundles/bundles.module.js';
import { ClipsModule } from '../clips/clips.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { LedgerModule } from '../ledger/ledger.module.js';
import { MailModule } from '../mail/mail.module.js';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { PaymentsModule } from '../payments/payments.module.js';
import { PayoutAccountsModule } from '../payouts/payout-accounts.module.js';
import { SigningModule } from '../signing/signing.module.js';
import { StorageModule } from '../storage/storage.module.js';
import { CertificatesController } from './certificates.controller.js';
import { LicenseGrantsRepository } from './license-grants.repository.js';
import { OrderDeliveryService } from './order-delivery.service.js';
import { OrderPaymentsService } from './order-payments.service.js';
import { OrdersController } from './orders.controller.js';
import { OrdersJobs } from './orders.jobs.js';
import { OrdersRepository } from './orders.repository.js';
import { OrdersService } from './orders.service.js';
import { PaymentWebhooksController } from './payment-webhooks.controller.js';

/**
 * The buying side from order to delivery: placing orders from quotes, payment events through
 * one path, the sale's ledger entries, license grants with signed certificates, delivery
 * manifests, and public certificate verification.
 */
@Module({
  imports: [
    BundlesModule,
    ClipsModule,
    PaymentsModule,
    LedgerModule,
    SigningModule,
    StorageModule,
    JobsModule,
    MailModule,
    OrganizationsModule,
    AuditModule,
    PayoutAccountsModule,
  ],
  controllers: [OrdersController, CertificatesController, PaymentWebhooksController],
  providers: [
    OrdersService,
    OrdersRepository,
    OrderPaymentsService,
    OrderDeliveryService,
    LicenseGrantsRepository,
    OrdersJobs,
  ],
  exports: [OrdersService, OrderPaymentsService],
})
export class OrdersModule {}
