"""Data in and out: fixtures, deprecation feeds, source link checks, backups."""
