"""The rule engine: check functions, running a pack on a plan, waivers, baselines, and the result model."""
