import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Labs an operator marks as invoiced pay by invoice (due in 30 days) instead of a checkout per
 * order. The organization carries how it is billed and where invoices go; only a lab may be
 * invoiced (the database says so too, so no path can invoice a creator). Each order freezes how
 * it is paid when placed, so switching a lab's billing never changes an order already placed.
 */
export class OrganizationsInvoiceBilling1764850000000 implements MigrationInterface {
  name = 'OrganizationsInvoiceBilling1764850000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE organizations
        ADD COLUMN billing text NOT NULL DEFAULT 'checkout',
        ADD COLUMN billing_email text,
        ADD CONSTRAINT organizations_billing_known CHECK (billing IN ('checkout', 'invoice')),
        ADD CONSTRAINT organizations_invoice_only_labs CHECK (billing = 'checkout' OR kind = 'lab')`);
    await db.query(`
      ALTER TABLE orders
        ADD COLUMN payment text NOT NULL DEFAULT 'checkout',
        ADD CONSTRAINT orders_payment_known CHECK (payment IN ('checkout', 'invoice'))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE orders DROP COLUMN payment`);
    await db.query(`ALTER TABLE organizations DROP COLUMN billing_email, DROP COLUMN billing`);
  }
}
