"""Coordinators' command line: load practices, glossary and regions; reindex; export."""
