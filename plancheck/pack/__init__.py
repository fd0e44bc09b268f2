"""Rule packs: their specification models, their compiled form (what the engine runs), where they are, and their vocabulary."""
