"""Integration Lab assistant: retrieval, follow-ups and answer composition (framework-free)."""
