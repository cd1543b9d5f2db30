"""The first release's schema: practices, glossary, regions, passages, caches, conversations.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None
FTS = ("CREATE VIRTUAL TABLE IF NOT EXISTS passage_fts USING fts5(folded, passage_id UNINDEXED, "
       "practice_id UNINDEXED, glossary_id UNINDEXED, "
       "tokenize = 'unicode61 remove_diacritics 2')")


def upgrade() -> None:
    """Create the first release's tables (and the FTS5 word index on SQLite)."""
    op.create_table('conversation',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('turns', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('embedding_cache',
    sa.Column('model', sa.String(length=300), nullable=False),
    sa.Column('text_hash', sa.String(length=64), nullable=False),
    sa.Column('vector', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('model', 'text_hash')
    )
    op.create_table('glossary_entry',
    sa.Column('id', sa.String(length=80), nullable=False),
    sa.Column('terms', sa.JSON(), nullable=False),
    sa.Column('definitions', sa.JSON(), nullable=False),
    sa.Column('see_also', sa.JSON(), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('indexed_hash', sa.String(length=64), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('index_state',
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('value', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('passage',
    sa.Column('id', sa.String(length=200), nullable=False),
    sa.Column('practice_id', sa.String(length=80), nullable=True),
    sa.Column('glossary_id', sa.String(length=80), nullable=True),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('lang', sa.String(length=2), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('folded', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_passage_glossary_id'), 'passage', ['glossary_id'], unique=False)
    op.create_index(op.f('ix_passage_practice_id'), 'passage', ['practice_id'], unique=False)
    op.create_table('practice',
    sa.Column('id', sa.String(length=80), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('region', sa.String(length=200), nullable=False),
    sa.Column('region_slug', sa.String(length=200), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('city_or_area', sa.String(length=200), nullable=True),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('challenges', sa.Text(), nullable=True),
    sa.Column('solutions', sa.Text(), nullable=True),
    sa.Column('lessons_learnt', sa.Text(), nullable=True),
    sa.Column('results', sa.Text(), nullable=True),
    sa.Column('transferability', sa.Text(), nullable=True),
    sa.Column('funding', sa.Text(), nullable=True),
    sa.Column('partners', sa.JSON(), nullable=False),
    sa.Column('start_year', sa.Integer(), nullable=True),
    sa.Column('end_year', sa.Integer(), nullable=True),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('source_url', sa.String(length=2000), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('indexed_hash', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_practice_country'), 'practice', ['country'], unique=False)
    op.create_index(op.f('ix_practice_language'), 'practice', ['language'], unique=False)
    op.create_index(op.f('ix_practice_region_slug'), 'practice', ['region_slug'], unique=False)
    op.create_index(op.f('ix_practice_status'), 'practice', ['status'], unique=False)
    op.create_table('region',
    sa.Column('slug', sa.String(length=200), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('names', sa.JSON(), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('responsible_body', sa.Text(), nullable=True),
    sa.Column('profile', sa.JSON(), nullable=False),
    sa.Column('integration_action', sa.JSON(), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('website', sa.String(length=2000), nullable=True),
    sa.Column('pilot', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('slug')
    )
    op.create_table('evaluation_aspect',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('practice_id', sa.String(length=80), nullable=False),
    sa.Column('aspect', sa.String(length=40), nullable=False),
    sa.Column('inspiring', sa.Text(), nullable=True),
    sa.Column('improvement', sa.Text(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['practice_id'], ['practice.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_evaluation_aspect_practice_id'), 'evaluation_aspect', ['practice_id'], unique=False)
    op.create_table('practice_contact',
    sa.Column('practice_id', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=True),
    sa.Column('organisation', sa.String(length=300), nullable=True),
    sa.Column('email', sa.String(length=320), nullable=True),
    sa.ForeignKeyConstraint(['practice_id'], ['practice.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('practice_id')
    )
    op.create_table('practice_tag',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('practice_id', sa.String(length=80), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('value', sa.String(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['practice_id'], ['practice.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_practice_tag_practice_id'), 'practice_tag', ['practice_id'], unique=False)
    op.create_index('ix_tag_kind_value', 'practice_tag', ['kind', 'value'], unique=False)
    op.create_table('practice_translation',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('practice_id', sa.String(length=80), nullable=False),
    sa.Column('lang', sa.String(length=2), nullable=False),
    sa.Column('fields', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['practice_id'], ['practice.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_practice_translation_practice_id'), 'practice_translation', ['practice_id'], unique=False)
    if op.get_bind().dialect.name == "sqlite":
        op.execute(FTS)


def downgrade() -> None:
    """Drop everything."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS passage_fts")
    op.drop_index(op.f('ix_practice_translation_practice_id'), table_name='practice_translation')
    op.drop_table('practice_translation')
    op.drop_index('ix_tag_kind_value', table_name='practice_tag')
    op.drop_index(op.f('ix_practice_tag_practice_id'), table_name='practice_tag')
    op.drop_table('practice_tag')
    op.drop_table('practice_contact')
    op.drop_index(op.f('ix_evaluation_aspect_practice_id'), table_name='evaluation_aspect')
    op.drop_table('evaluation_aspect')
    op.drop_table('region')
    op.drop_index(op.f('ix_practice_status'), table_name='practice')
    op.drop_index(op.f('ix_practice_region_slug'), table_name='practice')
    op.drop_index(op.f('ix_practice_language'), table_name='practice')
    op.drop_index(op.f('ix_practice_country'), table_name='practice')
    op.drop_table('practice')
    op.drop_index(op.f('ix_passage_practice_id'), table_name='passage')
    op.drop_index(op.f('ix_passage_glossary_id'), table_name='passage')
    op.drop_table('passage')
    op.drop_table('index_state')
    op.drop_table('glossary_entry')
    op.drop_table('embedding_cache')
    op.drop_table('conversation')
