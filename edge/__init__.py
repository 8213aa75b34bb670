"""HTTP concerns every surface (pages, embeds, API) shares; see README "Where things are"."""
