"""Moderation: submissions, audit log, coordinator accounts, e-mail outbox, rate counters.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the moderation tables."""
    op.create_table('account',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('password_hash', sa.String(length=300), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('email')
    )
    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=320), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('practice_id', sa.String(length=80), nullable=True),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_audit_entry_at'), 'audit_entry', ['at'], unique=False)
    op.create_index(op.f('ix_audit_entry_practice_id'), 'audit_entry', ['practice_id'], unique=False)
    op.create_table('outbox_message',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('to', sa.String(length=320), nullable=False),
    sa.Column('lang', sa.String(length=2), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('practice_id', sa.String(length=80), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_outbox_message_practice_id'), 'outbox_message', ['practice_id'], unique=False)
    op.create_index(op.f('ix_outbox_message_status'), 'outbox_message', ['status'], unique=False)
    op.create_table('rate_counter',
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('window', sa.Integer(), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('submission',
    sa.Column('reference', sa.String(length=20), nullable=False),
    sa.Column('practice_id', sa.String(length=80), nullable=False),
    sa.Column('lang', sa.String(length=2), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('consent_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('rejection_reason', sa.Text(), nullable=True),
    sa.Column('questionnaire_nonce', sa.String(length=64), nullable=True),
    sa.Column('questionnaire_sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('questionnaire_answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('questionnaire', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['practice_id'], ['practice.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('reference')
    )
    op.create_index(op.f('ix_submission_fingerprint'), 'submission', ['fingerprint'], unique=False)
    op.create_index(op.f('ix_submission_practice_id'), 'submission', ['practice_id'], unique=True)


def downgrade() -> None:
    """Drop the moderation tables."""
    op.drop_index(op.f('ix_submission_practice_id'), table_name='submission')
    op.drop_index(op.f('ix_submission_fingerprint'), table_name='submission')
    op.drop_table('submission')
    op.drop_table('rate_counter')
    op.drop_index(op.f('ix_outbox_message_status'), table_name='outbox_message')
    op.drop_index(op.f('ix_outbox_message_practice_id'), table_name='outbox_message')
    op.drop_table('outbox_message')
    op.drop_index(op.f('ix_audit_entry_practice_id'), table_name='audit_entry')
    op.drop_index(op.f('ix_audit_entry_at'), table_name='audit_entry')
    op.drop_table('audit_entry')
    op.drop_table('account')
