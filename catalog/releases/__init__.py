"""Versioned full dumps of the published catalog: what is in them (kinds), how they are
written (formats), built and stored (build), and the job that builds them (tasks)."""
