"""Integration Lab knowledge base: data model, stores, vocabularies and the embedder."""
