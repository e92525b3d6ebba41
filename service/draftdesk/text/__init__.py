"""Text helpers that are not pipeline stages: shared by stages and adapters alike."""
