"""Many plans at once: batches and jobs, the province-wide matrix, and diffs between versions."""
