"""What people see: pages, embeds, feeds and calendars; see README "Where things are"."""
